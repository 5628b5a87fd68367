package io.p2pcam.loadgen;

import io.p2pcam.loadgen.CameraFleet.State;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that decides what to send when: starts registrations at the ramp rate within a
 * window of registrations in flight, runs every camera's timer (keepalive due, registration timed
 * out) from a {@link TimerWheel}, and sends connects at the configured rate. Ticks every
 * millisecond; when it falls behind it catches up at most {@value #MAX_CATCH_UP_MILLIS} ms of
 * ramp and connect budget, so a stall does not turn into a burst.
 *
 * <p>Every started camera has exactly one entry in the wheel, forever: each expiry either acts and
 * re-schedules, or finds the camera's true due time later and re-schedules for then. Settings
 * changed from other threads ({@link #startConnects}, {@link #setPhase}) are volatile.
 */
final class SendScheduler {
    private static final int MAX_CATCH_UP_MILLIS = 100;
    private static final long WHEEL_HORIZON_MILLIS = 130_000;

    private final CameraFleet fleet;
    private final SimulatedCameras cameras;
    private final SimulatedViewers viewers;
    private final RunClock clock;
    private final LoadConfig config;
    private final LoadCounters counters;
    private final TimerWheel wheel = new TimerWheel(WHEEL_HORIZON_MILLIS);
    private final ByteBuffer keepalive = ByteBuffer.allocateDirect(CameraFleet.KEEPALIVE_BYTES);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connecting;
    private volatile Phase phase = Phase.RAMP;
    private volatile int started;
    private double rampBudget;
    private double connectBudget;
    private long lastTickNanos;

    SendScheduler(
            CameraFleet fleet,
            SimulatedCameras cameras,
            SimulatedViewers viewers,
            RunClock clock,
            LoadConfig config,
            LoadCounters counters) {
        this.fleet = fleet;
        this.counters = counters;
        this.cameras = cameras;
        this.viewers = viewers;
        this.clock = clock;
        this.config = config;
        this.thread = Thread.ofPlatform().name("pacer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    /** Cameras whose registration has been started. */
    int started() {
        return started;
    }

    void setPhase(Phase phase) {
        this.phase = phase;
        cameras.setPhase(phase);
    }

    void startConnects() {
        connecting = true;
    }

    void stopConnects() {
        connecting = false;
    }

    private void run() {
        lastTickNanos = System.nanoTime();
        while (running) {
            long nowNanos = System.nanoTime();
            double elapsedSeconds = Math.min(nowNanos - lastTickNanos, MAX_CATCH_UP_MILLIS * 1_000_000L) / 1e9;
            lastTickNanos = nowNanos;
            int now = clock.millis();
            ramp(elapsedSeconds, now);
            reRegisterLost(now);
            wheel.expire(now, camera -> expired(camera, now));
            connect(elapsedSeconds);
            viewers.sweep();
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void ramp(double elapsedSeconds, int now) {
        if (started >= fleet.size()) {
            return;
        }
        rampBudget = Math.min(rampBudget + elapsedSeconds * config.rampRate(), config.rampRate() * 0.1 + 1);
        while (rampBudget >= 1 && started < fleet.size() && fleet.registering() < config.rampWindow()) {
            int camera = started;
            if (!fleet.transition(camera, State.KEYED, State.HELLO_SENT)) {
                return; // its key is not made yet
            }
            int due = now + fleet.nextRegistrationTimeout(camera, config.registrationTimeoutMillis());
            fleet.setDueAt(camera, due);
            cameras.sendHello(camera);
            wheel.schedule(camera, due);
            started = camera + 1;
            rampBudget--;
        }
    }

    private void reRegisterLost(int now) {
        for (int camera = cameras.pollLost(); camera >= 0; camera = cameras.pollLost()) {
            if (fleet.transition(camera, State.LOST, State.HELLO_SENT)) {
                counters.reregistrations.increment();
                fleet.setDueAt(camera, now + fleet.nextRegistrationTimeout(camera, config.registrationTimeoutMillis()));
                cameras.sendHello(camera);
            }
        }
    }

    /** A camera's wheel entry came up. */
    private void expired(int camera, int now) {
        int due = fleet.dueAt(camera);
        if (due > now) {
            wheel.schedule(camera, due);
            return;
        }
        State state = fleet.state(camera);
        switch (state) {
            case REGISTERED -> {
                due = now + fleet.keepaliveMillis(camera);
                fleet.setDueAt(camera, due);
                cameras.sendKeepalive(camera, keepalive);
            }
            case HELLO_SENT, REGISTER_SENT, LOST -> {
                due = now + fleet.nextRegistrationTimeout(camera, config.registrationTimeoutMillis());
                fleet.setDueAt(camera, due);
                if (fleet.transition(camera, state, State.HELLO_SENT)) {
                    (state == State.LOST ? counters.reregistrations : counters.registrationTimeouts).increment();
                    cameras.sendHello(camera);
                }
            }
            case NEW, KEYED -> throw new IllegalStateException("camera " + camera + " in the wheel before it started");
        }
        wheel.schedule(camera, due);
    }

    private void connect(double elapsedSeconds) {
        if (!connecting || config.connectsPerSecond() <= 0) {
            connectBudget = 0;
            return;
        }
        connectBudget = Math.min(
                connectBudget + elapsedSeconds * config.connectsPerSecond(), config.connectsPerSecond() * 0.1 + 1);
        Phase now = phase;
        while (connectBudget >= 1) {
            connectBudget--;
            viewers.sendConnect(started, now);
        }
    }
}
