package io.p2pcam.loadgen;

import java.time.Duration;

/**
 * CPU time of this process and, when its PID is known, the cloud's, so that a run can say who
 * used the machine's cores during the measured window (both share them on one host).
 *
 * @param generatorNanos CPU time of this JVM so far
 * @param serverNanos CPU time of the cloud's process so far, or -1 when unknown
 */
record CpuUse(long generatorNanos, long serverNanos) {
    static CpuUse now(long serverPid) {
        long own = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(-1L);
        long server = serverPid <= 0
                ? -1
                : ProcessHandle.of(serverPid)
                        .flatMap(process -> process.info().totalCpuDuration())
                        .map(Duration::toNanos)
                        .orElse(-1L);
        return new CpuUse(own, server);
    }

    /** Cores used on average between {@code earlier} and this reading, {@code seconds} apart: generator, server. */
    double[] coresSince(CpuUse earlier, double seconds) {
        return new double[] {
            generatorNanos < 0 ? -1 : (generatorNanos - earlier.generatorNanos) / 1e9 / seconds,
            serverNanos < 0 || earlier.serverNanos < 0 ? -1 : (serverNanos - earlier.serverNanos) / 1e9 / seconds
        };
    }
}
