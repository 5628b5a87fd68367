package io.p2pcam.viewer.engine.audio;

import java.time.Duration;

/**
 * A {@link PlayerClock} whose time only the test moves: the player's thread parked until a time
 * stays parked until the test moves the clock there (or a packet wakes it), however slow the
 * machine is. The test waits for the player to be parked again ({@link #awaitParked}) before the
 * next step, so every step sees the player done with the one before. Thread-safe.
 */
final class SteppedPlayerClock implements PlayerClock {
    private static final long NOT_PARKED = -1;

    private long now; // all guarded by this
    private boolean woken;
    private long parkedUntil = NOT_PARKED;

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized void park(long millis) {
        long until = now + millis;
        parkedUntil = until;
        notifyAll();
        try {
            while (!woken && now < until) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            woken = false;
            parkedUntil = NOT_PARKED;
        }
    }

    @Override
    public synchronized void wake(Thread player) {
        woken = true;
        notifyAll();
    }

    /**
     * Waits until the player's thread is parked and will stay so until the clock moves (nothing
     * due now, no wake pending), and returns the time it is parked until.
     *
     * @throws AssertionError if it is not, within {@code timeout} of real time
     */
    synchronized long awaitParked(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (parkedUntil == NOT_PARKED || woken || parkedUntil <= now) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the player did not park within " + timeout.toMillis() + " ms at " + now
                        + " ms (parked until " + parkedUntil + ", woken " + woken + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return parkedUntil;
    }

    /**
     * Moves the clock to {@code time} the way it passes: through every time the player parks
     * until on the way, waiting for it to be parked again after each.
     */
    void runUntil(long time, Duration timeout) throws InterruptedException {
        for (long until = awaitParked(timeout); until <= time; until = awaitParked(timeout)) {
            moveTo(until);
        }
        moveTo(time);
    }

    private synchronized void moveTo(long time) {
        now = Math.max(now, time);
        notifyAll();
    }
}
