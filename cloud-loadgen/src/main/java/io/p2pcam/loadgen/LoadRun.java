package io.p2pcam.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One run against a live cloud: probe, baseline, ramp, warm-up, measure, drain, final figures,
 * then (with a restarter) the restart storm on the same fleet.
 * The orchestration only; the work is done by {@link SendScheduler}, {@link SimulatedCameras},
 * {@link SimulatedViewers} and {@link FleetKeys}. Prints progress to {@code out}.
 */
final class LoadRun {
    private static final int CAMERA_NET = 77;
    private static final int VIEWER_NET = 78;
    private static final long PROBE_MILLIS = 5_000;
    private static final long STALL_MILLIS = 30_000;

    private LoadConfig config;
    private final PrintStream out;
    private final LoadCounters counters = new LoadCounters();
    private final ConnectLatency latency = new ConnectLatency();
    private boolean rampComplete = true;
    /** Counted down by {@link #stop}: every wait of the run ends at once. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private final RestartStorm.Restarter restarter;

    LoadRun(LoadConfig config, PrintStream out) {
        this(config, out, config.restartCommand() == null ? null : RestartStorm.shell(config.restartCommand()));
    }

    /** A run that restarts the cloud with {@code restarter} after the measured window (null: no restart). */
    LoadRun(LoadConfig config, PrintStream out, RestartStorm.Restarter restarter) {
        this.config = config;
        this.out = out;
        this.restarter = restarter;
    }

    /**
     * Ends the run early (Ctrl-C), from any thread: the phase under way ends at once, the later ones
     * (and the drain, the server's last snapshot, the restart storm) are left out, and {@link #run}
     * returns the figures so far, {@link LoadResult#interrupted} with what was measured.
     */
    void stop() {
        stopRequested.countDown();
    }

    boolean stopped() {
        return stopRequested.getCount() == 0;
    }

    LoadResult run() throws LoadGenException, InterruptedException {
        String cloud = config.nodes().stream()
                .map(node -> node.getHostString() + ":" + node.getPort())
                .collect(Collectors.joining(","));
        CameraFleet fleet = new CameraFleet(config.cameras());
        RunClock clock = new RunClock();
        SocketPlan plan = config.socketPlan();
        try (CloudSockets cameraSockets = open("camera", CAMERA_NET, plan.sockets());
                CloudSockets viewerSockets = open("viewer", VIEWER_NET, config.viewerSockets())) {
            SimulatedCameras cameras =
                    new SimulatedCameras(fleet, cameraSockets, plan, counters, clock, config.signerThreads());
            SimulatedViewers viewers =
                    new SimulatedViewers(fleet, viewerSockets, counters, latency, plan, config.connectTimeoutMillis());
            cameraSockets.startReceiving(cameras::received, 0, plan.bulkSockets(), "rx");
            if (plan.splitsTargets()) {
                // The connect targets' forwards never wait behind the other cameras' keepalive acks.
                cameraSockets.startReceiving(cameras::received, plan.bulkSockets(), plan.sockets(), "targets-rx");
            }
            viewerSockets.startReceiving(viewers::received);
            if (!viewers.probe(PROBE_MILLIS)) {
                throw new LoadGenException("no answer from " + cloud + " after " + PROBE_MILLIS / 1000 + " s");
            }
            out.printf(
                    "cloud %s answers; %,d cameras over %d sockets, %,d connects/s%s%n",
                    cloud,
                    config.cameras(),
                    plan.sockets(),
                    config.connectsPerSecond(),
                    plan.splitsTargets()
                            ? String.format(
                                    " to the first %,d cameras (on %d sockets and a thread of their own)",
                                    Math.min(plan.connectTargets(), config.cameras()), plan.targetSockets())
                            : "");
            ServerSnapshot before = ServerSnapshot.take(config, out, "before registering");
            FleetKeys keys = new FleetKeys(fleet, config.keygenThreads());
            SendScheduler pacer = new SendScheduler(fleet, cameras, viewers, clock, config, counters);
            keys.start();
            pacer.start();
            try {
                long rampNanos = ramp(fleet, pacer);
                pacer.setPhase(Phase.WARMUP);
                pacer.startConnects();
                progress("warm-up", config.warmup().toMillis(), fleet, viewers);
                boolean measuring = !stopped();
                pacer.setPhase(Phase.MEASURE);
                long measureStart = System.nanoTime();
                CpuUse cpuAtStart = CpuUse.now(config.serverPid());
                progress("measure", config.duration().toMillis(), fleet, viewers);
                double measuredSeconds = measuring ? (System.nanoTime() - measureStart) / 1e9 : 0;
                double[] cores = measuring
                        ? CpuUse.now(config.serverPid()).coresSince(cpuAtStart, measuredSeconds)
                        : new double[] {-1, -1};
                pacer.setPhase(Phase.DRAIN);
                pacer.stopConnects();
                drain(viewers);
                // Stopped: no full GC of the server on the way out (jcmd takes seconds on a big heap).
                ServerSnapshot after = stopped()
                        ? ServerSnapshot.NONE
                        : ServerSnapshot.take(config, out, "with " + fleet.registered() + " cameras");
                // The restart comes after the measured window, so that one ramp serves both: the
                // steady state of the registered fleet, then the same fleet brought back.
                Map<String, Object> storm = Map.of();
                if (restarter != null && !stopped()) {
                    RestartStorm.Outcome outcome =
                            new RestartStorm(restarter, config.stormTimeout().toMillis(), counters, out).run(fleet);
                    storm = outcome.figures();
                }
                LoadResult result = new LoadResult(
                        config,
                        counters,
                        latency,
                        fleet.registered(),
                        rampComplete,
                        rampNanos / 1e9,
                        measuredSeconds,
                        cores,
                        before,
                        after);
                result.add(storm);
                if (stopped()) {
                    result.interrupted(config.duration().toSeconds());
                }
                return result;
            } finally {
                keys.stop();
                pacer.stop();
                cameras.close();
            }
        }
    }

    private CloudSockets open(String role, int net, int count) throws LoadGenException {
        try {
            return CloudSockets.open(role, config.nodes(), count, net, counters);
        } catch (IOException e) {
            throw new LoadGenException(
                    "cannot open " + role + " sockets to " + config.cloud() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every camera is registered, printing progress each second; returns the ramp's
     * duration. A ramp that stalls ({@value #STALL_MILLIS} ms without a new registration) or
     * outlasts {@code --max-ramp} ends early: the run goes on with the cameras it has, and the
     * report says so (a saturated cloud is a result too).
     */
    private long ramp(CameraFleet fleet, SendScheduler pacer) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + config.maxRamp().toNanos();
        long lastProgress = start;
        int lastRegistered = 0;
        int lastPrinted = 0;
        long lastPrintNanos = start;
        while (fleet.registered() < fleet.size()) {
            if (stopRequested.await(1, TimeUnit.SECONDS)) {
                rampComplete = false;
                out.printf("ramp stopped: %,d of %,d cameras registered%n", fleet.registered(), fleet.size());
                break;
            }
            long now = System.nanoTime();
            int registered = fleet.registered();
            if (registered > lastRegistered) {
                lastRegistered = registered;
                lastProgress = now;
            }
            double rate = (registered - lastPrinted) / ((now - lastPrintNanos) / 1e9);
            out.printf(
                    "ramp %5.0f s: %,d/%,d registered (%,.0f/s), started %,d, in flight %,d, timeouts %,d, "
                            + "keepalives %,d sent %,d acked%s%n",
                    (now - start) / 1e9,
                    registered,
                    fleet.size(),
                    rate,
                    pacer.started(),
                    fleet.registering(),
                    counters.registrationTimeouts.sum(),
                    counters.keepalivesSent.total(),
                    counters.keepalivesAcked.total(),
                    rateLimitHint());
            lastPrinted = registered;
            lastPrintNanos = now;
            String stop = now - lastProgress > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)
                    ? "no registration in " + STALL_MILLIS / 1000 + " s"
                    : now > deadline ? "--max-ramp " + config.maxRamp().toSeconds() + " s reached" : null;
            if (stop != null) {
                rampComplete = false;
                out.printf(
                        "ramp incomplete (%s): measuring with the %,d of %,d cameras registered; errors %s%n",
                        stop, registered, fleet.size(), counters.errors());
                break;
            }
        }
        long nanos = System.nanoTime() - start;
        out.printf(
                "ramp done: %,d cameras in %.1f s (%,.0f registrations/s)%n",
                fleet.registered(), nanos / 1e9, fleet.registered() / (nanos / 1e9));
        return nanos;
    }

    private String rateLimitHint() {
        boolean limited = counters.errors().keySet().stream().anyMatch(key -> key.endsWith("RATE_LIMITED"));
        return limited
                ? " (the cloud rate-limits us: raise its --register-rate/--request-rate or use more --sockets)"
                : "";
    }

    /** Lets {@code millis} pass, printing steady-state rates every 5 s. */
    private void progress(String label, long millis, CameraFleet fleet, SimulatedViewers viewers)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long lastNanos = start;
        long lastKeepalives = counters.keepalivesSent.total();
        long lastAcks = counters.keepalivesAcked.total();
        long lastConnects = acceptedTotal();
        while (System.nanoTime() < end) {
            if (stopRequested.await(
                    Math.max(1, Math.min(5000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))),
                    TimeUnit.MILLISECONDS)) {
                return;
            }
            long now = System.nanoTime();
            double seconds = (now - lastNanos) / 1e9;
            long keepalives = counters.keepalivesSent.total();
            long acks = counters.keepalivesAcked.total();
            long connects = acceptedTotal();
            LatencyHistogram interval = latency.nextInterval();
            out.printf(
                    "%s %4.0f/%d s: %,d registered; keepalives %,.0f/s sent, %,.0f/s acked; connects %,.0f/s "
                            + "accepted, %,d outstanding; p99 so far %.2f ms; last %.0f s: p50 %.2f, p99 %.2f, "
                            + "max %.2f ms%n",
                    label,
                    (now - start) / 1e9,
                    millis / 1000,
                    fleet.registered(),
                    (keepalives - lastKeepalives) / seconds,
                    (acks - lastAcks) / seconds,
                    (connects - lastConnects) / seconds,
                    viewers.outstanding(),
                    latency.total().percentile(99) / 1000.0,
                    seconds,
                    interval.percentile(50) / 1000.0,
                    interval.percentile(99) / 1000.0,
                    interval.max() / 1000.0);
            lastNanos = now;
            lastKeepalives = keepalives;
            lastAcks = acks;
            lastConnects = connects;
        }
    }

    private long acceptedTotal() {
        return counters.connectsAccepted.total();
    }

    /** Waits for the answers to the last connects (at most the connect timeout and a second). */
    private void drain(SimulatedViewers viewers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMillis() + 1000);
        if (stopRequested.await(1, TimeUnit.SECONDS)) { // keepalive acks of the last measured second
            return;
        }
        while (viewers.outstanding() > 0 && System.nanoTime() < deadline) {
            if (stopRequested.await(100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** The server's figures at one moment: heap after a full GC, table bytes, cameras, drops. */
    record ServerSnapshot(
            OptionalDouble heapBytes,
            OptionalDouble tableBytes,
            OptionalDouble camerasOnline,
            Map<String, Double> drops) {
        static final ServerSnapshot NONE =
                new ServerSnapshot(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of());

        static ServerSnapshot take(LoadConfig config, PrintStream out, String when) throws InterruptedException {
            if (config.metricsUrl() == null) {
                return NONE;
            }
            try {
                OptionalDouble liveHeap = config.serverPid() > 0
                        ? OptionalDouble.of(new ServerHeap(config.serverPid()).liveBytesAfterFullGc())
                        : OptionalDouble.empty();
                MetricsScrape metrics = MetricsScrape.scrape(config.metricsUrl());
                ServerSnapshot snapshot = new ServerSnapshot(
                        liveHeap.isPresent() ? liveHeap : metrics.value(MetricsScrape.HEAP_USED),
                        metrics.value(MetricsScrape.TABLE_BYTES),
                        metrics.value(MetricsScrape.CAMERAS_ONLINE),
                        metrics.drops());
                out.printf(
                        "server %s: heap %s%s, table %s (off the heap), cameras online %s%n",
                        when,
                        mib(snapshot.heapBytes),
                        liveHeap.isPresent() ? " live after full GC" : " used (no GC forced)",
                        mib(snapshot.tableBytes),
                        snapshot.camerasOnline.isPresent()
                                ? String.format("%,.0f", snapshot.camerasOnline.getAsDouble())
                                : "n/a");
                return snapshot;
            } catch (IOException e) {
                out.println("server figures " + when + " unavailable: " + e.getMessage());
                return NONE;
            }
        }

        private static String mib(OptionalDouble bytes) {
            return bytes.isPresent() ? String.format("%.1f MiB", bytes.getAsDouble() / (1 << 20)) : "n/a";
        }
    }
}
