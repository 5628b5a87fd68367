package io.p2pcam.loadgen;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One run's settings, validated once; built by {@link LoadGenCommand} from flags.
 *
 * @param nodes the cloud's UDP addresses: one node, or a cluster's nodes (camera and viewer sockets
 *     are spread over them in turn, so cameras register with every node and connects reach random ones)
 * @param cameras simulated cameras to register and keep alive
 * @param connectsPerSecond viewer connect requests per second during warm-up and measurement
 * @param duration the measured steady state
 * @param warmup connects running, not measured, before {@code duration}
 * @param maxRamp the ramp ends then even if not every camera is registered
 * @param rampRate registrations started per second at most during the ramp
 * @param rampWindow registrations in flight at most (flow control against a saturated cloud)
 * @param sockets camera sockets (each its own source address on a loopback cloud)
 * @param viewerSockets viewer sockets
 * @param keygenThreads threads making key pairs
 * @param signerThreads threads signing REGISTERs
 * @param connectTimeoutMillis a connect not answered by then counts as timed out
 * @param metricsUrl the cloud's Prometheus endpoint, or null
 * @param serverPid the cloud's process ID for {@code jcmd GC.class_histogram}, or -1
 * @param restartCommand after the measured window, restart the cloud with this shell command and time the
 *     fleet's return ({@link RestartStorm}); null for none
 * @param stormTimeout how long to wait for every camera to come back after a restart
 * @param targetSockets camera sockets, on a receive thread of their own, for the connect targets
 *     ({@link SocketPlan}); 0: every camera on the {@code sockets}, any camera a target
 * @param connectTargets how many cameras (the first ones) viewers connect to when there are target sockets
 */
record LoadConfig(
        List<InetSocketAddress> nodes,
        int cameras,
        int connectsPerSecond,
        Duration duration,
        Duration warmup,
        Duration maxRamp,
        int rampRate,
        int rampWindow,
        int sockets,
        int viewerSockets,
        int keygenThreads,
        int signerThreads,
        int connectTimeoutMillis,
        URI metricsUrl,
        long serverPid,
        String restartCommand,
        Duration stormTimeout,
        int targetSockets,
        int connectTargets) {

    LoadConfig {
        nodes = List.copyOf(nodes);
        require(!nodes.isEmpty(), "--cloud needs at least one HOST:PORT");
        require(cameras >= 1, "--cameras must be at least 1");
        require(connectsPerSecond >= 0, "--connects-per-second must not be negative");
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative(), "--warmup must not be negative");
        require(!maxRamp.isNegative() && !maxRamp.isZero(), "--max-ramp must be positive");
        require(rampRate >= 1, "--ramp-rate must be at least 1");
        require(rampWindow >= 1, "--ramp-window must be at least 1");
        require(sockets >= 1 && sockets <= 60_000, "--sockets must be between 1 and 60000");
        require(viewerSockets >= 1 && viewerSockets <= 60_000, "--viewer-sockets must be between 1 and 60000");
        require(keygenThreads >= 1 && signerThreads >= 1, "thread counts must be at least 1");
        require(connectTimeoutMillis >= 100, "connect timeout must be at least 100 ms");
        require(!stormTimeout.isNegative() && !stormTimeout.isZero(), "--storm-timeout must be positive");
        require(targetSockets >= 0 && targetSockets <= 60_000, "--target-sockets must be between 0 and 60000");
        require(connectTargets >= 1, "--connect-targets must be at least 1");
    }

    /** Which socket each camera uses. */
    SocketPlan socketPlan() {
        return targetSockets == 0 ? SocketPlan.shared(sockets) : new SocketPlan(sockets, targetSockets, connectTargets);
    }

    /** The first node: the one probed before the run, the one a restart restarts. */
    InetSocketAddress cloud() {
        return nodes.getFirst();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
