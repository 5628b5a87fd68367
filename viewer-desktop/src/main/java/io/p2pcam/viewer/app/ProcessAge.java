package io.p2pcam.viewer.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long ago this process started, to the kernel's 10 ms tick: what {@link StartupTimeline}
 * counts from.
 *
 * <p>On Linux it is read from two clocks that both count from the boot: the process's start in
 * {@code /proc/self/stat} (field 22, clock ticks) and the time since the boot in {@code
 * /proc/uptime}. {@link ProcessHandle.Info#startInstant()} adds the same start to the boot's wall
 * time from {@code /proc/stat}'s {@code btime}, which the kernel gives in whole seconds: its
 * instant is early by the boot's fraction of a second, a different 0–999 ms on every boot (846 ms
 * on 2026-12-03's), and every start-up figure taken with it carried that error (issue 16 §2).
 * Elsewhere it falls back to {@link ProcessHandle.Info#startInstant()}.
 */
final class ProcessAge {
    /** The kernel's clock tick for user space ({@code USER_HZ}): 100 on every Linux architecture. */
    static final int TICKS_PER_SECOND = 100;

    /** {@code starttime} is the 22nd field of {@code /proc/PID/stat}: index 19 of those after the command's name. */
    private static final int START_TIME_AFTER_NAME = 19;

    private ProcessAge() {}

    /** This process's age now, or empty where the platform does not say. */
    static Optional<Duration> now() {
        try {
            return fromProc(Files.readString(Path.of("/proc/self/stat")), Files.readString(Path.of("/proc/uptime")));
        } catch (IOException | RuntimeException e) { // no /proc: not Linux
            return ProcessHandle.current().info().startInstant().map(start -> Duration.between(start, Instant.now()));
        }
    }

    /**
     * The age of the process that {@code stat} describes, from the contents of its {@code
     * /proc/PID/stat} and of {@code /proc/uptime} read at the same moment; empty when either does
     * not parse. The command's name in {@code stat} is in parentheses and may hold spaces and
     * parentheses itself, so the fields are counted after the last {@code ')'}.
     */
    static Optional<Duration> fromProc(String stat, String uptime) {
        int nameEnd = stat.lastIndexOf(')');
        String[] fields = stat.substring(nameEnd + 1).trim().split(" +");
        String[] clocks = uptime.trim().split(" +");
        if (nameEnd < 0 || fields.length <= START_TIME_AFTER_NAME || clocks.length == 0) {
            return Optional.empty();
        }
        try {
            long startTicks = Long.parseLong(fields[START_TIME_AFTER_NAME]);
            long uptimeMillis = Math.round(Double.parseDouble(clocks[0]) * 1000);
            long age = uptimeMillis - startTicks * 1000 / TICKS_PER_SECOND;
            return age < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(age));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
