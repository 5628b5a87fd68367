package io.p2pcam.viewer.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the desktop app's start-up time goes: milestones in milliseconds since the process
 * started (the operating system's start time, so the JVM's own start is counted; {@link
 * ProcessAge}), printed by {@code --startup-check} so that a slow start can be taken apart without
 * a profiler.
 */
public final class StartupTimeline {
    /** The process's start on {@link System#nanoTime()}'s scale, or empty where the platform does not say. */
    private static final Optional<Long> PROCESS_START_NANOS =
            ProcessAge.now().map(age -> System.nanoTime() - age.toNanos());

    private static final List<String> marks = new ArrayList<>();
    private static long cpuMillis = -1;

    private StartupTimeline() {}

    /** Milliseconds since the process started, or -1 where the platform does not say. */
    public static long sinceProcessStart() {
        return PROCESS_START_NANOS
                .map(start -> Duration.ofNanos(System.nanoTime() - start).toMillis())
                .orElse(-1L);
    }

    /** Records that start-up reached {@code milestone} now. */
    public static synchronized void mark(String milestone) {
        marks.add(milestone + " " + sinceProcessStart());
    }

    /**
     * Records the CPU time the process has used so far (all threads, the JVM's own included): with
     * two cores, a start that used close to twice its wall time was short of CPU, not waiting.
     */
    public static synchronized void markCpu() {
        cpuMillis = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L);
    }

    /** The CPU milliseconds {@link #markCpu} recorded, or -1. */
    public static synchronized long cpuMillis() {
        return cpuMillis;
    }

    /** The milestones so far, for example {@code "main 310, toolkit 905, window built 1180"}. */
    public static synchronized String summary() {
        return String.join(", ", marks);
    }
}
