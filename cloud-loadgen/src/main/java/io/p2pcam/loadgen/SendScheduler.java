package io.p2pcam.loadgen;

import io.p2pcam.loadgen.CameraFleet.State;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that decides what to send when: starts registrations at the ramp rate within a
 * window of registrations in flight, runs every camera's timer (keepalive due, registration timed
 * out) from a {@link TimerWheel}, and sends connects at the configured rate. Ticks every
 * millisecond; when it falls behind it catches up at most {@value #MAX_CATCH_UP_MILLIS} ms of
 * ramp and connect budget, so a stall does not turn into a burst.
 *
 * <p>Every started camera has one live entry in the wheel, forever: each expiry either acts and
 * re-schedules, or finds the camera's true due time later and re-schedules for then. A camera
 * whose due time moved earlier (the receive threads hand it over through {@link
 * SimulatedCameras#pollRescheduled}) gets a new entry, and the old one, no longer its slot, is
 * dropped when it comes up. The cameras' timers are the real camera's ({@link CameraRetries}). Settings
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
    /** Each camera's live wheel slot: an entry found in another slot is stale. */
    private final int[] slotOf;

    private final SplittableRandom random = new SplittableRandom();
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
        this.slotOf = new int[fleet.size()];
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
            reschedule();
            wheel.expire(now, camera -> {
                if (slotOf[camera] == (int) wheel.expiringSlot()) {
                    expired(camera, now);
                }
            });
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
            int due = now + CameraRetries.requestWait(0, random);
            fleet.setDueAt(camera, due);
            cameras.sendHello(camera);
            schedule(camera, due);
            started = camera + 1;
            rampBudget--;
        }
    }

    /** Cameras the cloud forgot (NOT_REGISTERED, CHALLENGE_EXPIRED) say HELLO at once, as a camera does. */
    private void reRegisterLost(int now) {
        for (int camera = cameras.pollLost(); camera >= 0; camera = cameras.pollLost()) {
            if (fleet.transition(camera, State.LOST, State.HELLO_SENT)) {
                counters.reregistrations.increment();
                int due = now + CameraRetries.requestWait(0, random);
                fleet.setDueAt(camera, due);
                cameras.sendHello(camera);
                schedule(camera, due);
            }
        }
    }

    private void reschedule() {
        for (int camera = cameras.pollRescheduled(); camera >= 0; camera = cameras.pollRescheduled()) {
            schedule(camera, fleet.dueAt(camera));
        }
    }

    private void schedule(int camera, int due) {
        slotOf[camera] = (int) wheel.schedule(camera, due);
    }

    /** A camera's wheel entry came up: the real camera's timer (CameraRegistration.handleTimeout). */
    private void expired(int camera, int now) {
        int due = fleet.dueAt(camera);
        if (due > now) {
            schedule(camera, due);
            return;
        }
        State state = fleet.state(camera);
        switch (state) {
            case REGISTERED -> {
                if (!fleet.keepaliveOutstanding(camera)) {
                    due = now + CameraRetries.requestWait(0, random);
                    fleet.setDueAt(camera, due);
                    cameras.sendKeepalive(camera, keepalive);
                } else {
                    int attempt = fleet.nextAttempt(camera);
                    if (CameraRetries.keepaliveGivenUp(attempt)) {
                        due = backOff(camera, state, now);
                        counters.keepalivesLost.increment();
                    } else {
                        due = now + CameraRetries.requestWait(attempt, random);
                        fleet.setDueAt(camera, due);
                        cameras.resendKeepalive(camera, keepalive);
                    }
                }
            }
            case HELLO_SENT, REGISTER_SENT -> {
                int attempt = fleet.nextAttempt(camera);
                if (CameraRetries.requestGivenUp(attempt)) {
                    if (state == State.REGISTER_SENT && fleet.resuming(camera)) {
                        fleet.forgetTicket(camera); // a cloud that answers HELLO but not RESUME: sign next time
                    }
                    due = backOff(camera, state, now);
                    counters.registrationTimeouts.increment();
                } else {
                    due = now + CameraRetries.requestWait(attempt, random);
                    fleet.setDueAt(camera, due);
                    if (state == State.HELLO_SENT) {
                        cameras.resendHello(camera);
                    } else {
                        cameras.resendAnswer(camera);
                    }
                }
            }
            case BACKING_OFF -> {
                due = now + CameraRetries.requestWait(0, random);
                if (fleet.transition(camera, State.BACKING_OFF, State.HELLO_SENT)) {
                    fleet.setDueAt(camera, due);
                    counters.reregistrations.increment();
                    cameras.sendHello(camera);
                }
            }
            case LOST -> due = now + CameraRetries.requestWait(0, random); // the lost queue says HELLO
            case NEW, KEYED -> throw new IllegalStateException("camera " + camera + " in the wheel before it started");
        }
        schedule(camera, Math.max(due, fleet.dueAt(camera)));
    }

    /** Gives up on {@code camera}'s request and waits before a new HELLO; returns when. */
    private int backOff(int camera, State from, int now) {
        int due = now + CameraRetries.backOff(fleet.nextFailure(camera), random);
        if (fleet.transition(camera, from, State.BACKING_OFF)) {
            fleet.setDueAt(camera, due);
            return due;
        }
        return Math.max(now + 1, fleet.dueAt(camera)); // answered meanwhile
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
