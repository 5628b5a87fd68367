package io.p2pcam.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node restart under a registered fleet, end to end (docs/BENCHMARKS.md, "Restart storm"): runs
 * the restart command (which kills the cloud, starts it again with the same state directory,
 * waits until it answers and prints the new process's PID as its last line), then waits until
 * every camera has registered again, printing progress each second. Cameras find out at their
 * next keepalive (NOT_REGISTERED), say HELLO, and answer the challenge with RESUME when they hold
 * a ticket of the node, with a signed REGISTER otherwise.
 */
final class RestartStorm {
    /** Restarts the cloud and returns once it answers again. */
    @FunctionalInterface
    interface Restarter {
        /** @return the restarted cloud's process ID, or -1 when unknown (CPU then not reported) */
        long restart() throws LoadGenException, InterruptedException;
    }

    private final Restarter restarter;
    private final long timeoutMillis;
    private final LoadCounters counters;
    private final PrintStream out;

    RestartStorm(Restarter restarter, long timeoutMillis, LoadCounters counters, PrintStream out) {
        this.restarter = restarter;
        this.timeoutMillis = timeoutMillis;
        this.counters = counters;
        this.out = out;
    }

    /** What the storm took; {@code serverPid} is the restarted cloud's (-1 if the command printed none). */
    record Outcome(Map<String, Object> figures, long serverPid) {}

    Outcome run(CameraFleet fleet) throws LoadGenException, InterruptedException {
        long resumedBefore = counters.resumed.sum();
        long openedBefore = counters.ticketsOpened.sum();
        long refusedBefore = refused();
        long timeoutsBefore = counters.registrationTimeouts.sum();
        long retransmissionsBefore = counters.retransmissions.sum();
        CpuUse generatorAtKill = CpuUse.now(-1);
        fleet.startStorm();
        long killNanos = System.nanoTime();
        long serverPid = restarter.restart();
        long upNanos = System.nanoTime();
        CpuUse atUp = CpuUse.now(serverPid);
        out.printf(
                "storm: the restart command took %.1f s (cloud answering again, pid %d); %,d cameras to bring back%n",
                (upNanos - killNanos) / 1e9, serverPid, fleet.size());
        long deadline = upNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long lastPrint = upNanos;
        int lastBack = 0;
        while (fleet.backInStorm() < fleet.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = System.nanoTime();
            if (now - lastPrint >= 1_000_000_000L) {
                int back = fleet.backInStorm();
                out.printf(
                        "storm %5.1f s: %,d/%,d back (%,.0f/s), resumed %,d, signed %,d, tickets refused %,d, "
                                + "registration timeouts %,d, retransmissions %,d%n",
                        (now - upNanos) / 1e9,
                        back,
                        fleet.size(),
                        (back - lastBack) / ((now - lastPrint) / 1e9),
                        counters.resumed.sum() - resumedBefore,
                        counters.ticketsOpened.sum() - openedBefore,
                        refused() - refusedBefore,
                        counters.registrationTimeouts.sum() - timeoutsBefore,
                        counters.retransmissions.sum() - retransmissionsBefore);
                lastPrint = now;
                lastBack = back;
            }
        }
        long doneNanos = System.nanoTime();
        int back = fleet.backInStorm();
        double sinceUp = (doneNanos - upNanos) / 1e9;
        double[] cores = CpuUse.now(serverPid).coresSince(atUp, sinceUp);
        double generatorSinceKill = CpuUse.now(-1).coresSince(generatorAtKill, (doneNanos - killNanos) / 1e9)[0];
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("storm_cameras_back", back);
        figures.put("storm_complete", back == fleet.size());
        figures.put("storm_restart_command_seconds", LoadResult.round((upNanos - killNanos) / 1e9, 2));
        figures.put("storm_seconds_after_cloud_up", LoadResult.round(sinceUp, 2));
        figures.put("storm_seconds_after_kill", LoadResult.round((doneNanos - killNanos) / 1e9, 2));
        figures.put("storm_resumed", counters.resumed.sum() - resumedBefore);
        figures.put("storm_signed", counters.ticketsOpened.sum() - openedBefore);
        figures.put("storm_tickets_refused", refused() - refusedBefore);
        figures.put("storm_registration_timeouts", counters.registrationTimeouts.sum() - timeoutsBefore);
        figures.put("storm_retransmissions", counters.retransmissions.sum() - retransmissionsBefore);
        figures.put("storm_keepalives_lost", counters.keepalivesLost.sum());
        figures.put("storm_generator_cpu_cores", cores[0] < 0 ? null : LoadResult.round(cores[0], 2));
        figures.put("storm_generator_cpu_cores_since_kill", LoadResult.round(generatorSinceKill, 2));
        figures.put("storm_server_cpu_cores", cores[1] < 0 ? null : LoadResult.round(cores[1], 2));
        out.printf(
                "storm done: %,d of %,d cameras back %.1f s after the cloud answered again (%.1f s after the kill); "
                        + "%s by RESUME, %s signed; CPU while coming back: generator %s, server %s cores%n",
                back,
                fleet.size(),
                sinceUp,
                (doneNanos - killNanos) / 1e9,
                figures.get("storm_resumed"),
                figures.get("storm_signed"),
                figures.get("storm_generator_cpu_cores"),
                figures.get("storm_server_cpu_cores"));
        return new Outcome(figures, serverPid);
    }

    private long refused() {
        return counters.errors().getOrDefault("RESUME/TICKET_REFUSED", 0L);
    }

    /** A restarter that runs {@code command} through {@code sh -c}; its last output line, if a number, is the new PID. */
    static Restarter shell(String command) {
        return () -> runShell(command);
    }

    private static long runShell(String command) throws LoadGenException, InterruptedException {
        try {
            Process process = new ProcessBuilder(List.of("sh", "-c", command))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new LoadGenException("the restart command exited with " + exit + ": " + output.strip());
            }
            List<String> lines = output.strip().lines().toList();
            String last = lines.isEmpty() ? "" : lines.getLast().strip();
            return last.matches("\\d{1,10}") ? Long.parseLong(last) : -1;
        } catch (IOException e) {
            throw new LoadGenException("cannot run the restart command: " + e.getMessage(), e);
        }
    }
}
