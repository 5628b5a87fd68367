package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A tile's one timer: when its next attempt starts, after a failure (the {@link RetryPolicy}'s wait),
 * at once (the user's retry), or at once because the computer's network came back while it waited
 * for a reason the network may explain. At most one attempt is pending: arming the timer disarms
 * the previous one, and a due attempt that was replaced in the meantime does not run (a task the
 * scheduler had already begun cannot be cancelled, so each carries a ticket that must still be the
 * newest).
 *
 * <p>Not thread-safe: the supervisor calls everything under its lock, and {@code due} is called on
 * the scheduler's thread with the ticket of the attempt that fell due; it takes the lock and asks
 * {@link #take}.
 */
final class RetryTimer {
    private final ScheduledExecutorService scheduler;
    private final RetryPolicy policy;
    private final LongConsumer due;
    private final SecureRandom random = new SecureRandom(); // retry jitter; the app uses no other kind
    private ScheduledFuture<?> pending;
    private long ticket;
    private int failuresInARow;
    /** Why the pending attempt waits, or null when it does not wait for a failure. */
    private ViewerFailure waitingAfter;

    RetryTimer(ScheduledExecutorService scheduler, RetryPolicy policy, LongConsumer due) {
        this.scheduler = scheduler;
        this.policy = policy;
        this.due = due;
    }

    /** Failures since the last live session or manual retry. */
    int failuresInARow() {
        return failuresInARow;
    }

    /** A live session or the user's retry: the backoff starts over. */
    void startOver() {
        failuresInARow = 0;
    }

    /** A failure that no wait can mend (only editing the settings can): counted, no attempt armed. */
    void countFailure() {
        failuresInARow++;
    }

    /** The next attempt starts as soon as the scheduler can run it, replacing any pending one. */
    void attemptNow() {
        arm(0, null);
    }

    /** Counts {@code failure} and arms the attempt after the policy's wait for it; returns that wait. */
    long afterFailure(ViewerFailure failure) {
        failuresInARow++;
        long delay = policy.delayMillis(failure, failuresInARow, random);
        arm(delay, failure);
        return delay;
    }

    /**
     * The computer's network came back or changed: an attempt waiting after a failure the network
     * may explain ({@link RetryPolicy#networkMayMend}) starts at once, once, and the backoff starts
     * over; a wait the camera asked for, or a refusal's long wait, is kept. True if it went.
     */
    boolean networkChanged() {
        if (pending == null || waitingAfter == null || !RetryPolicy.networkMayMend(waitingAfter)) {
            return false;
        }
        failuresInARow = 0;
        attemptNow();
        return true;
    }

    /** The attempt {@code dueTicket} fell due: true if it is still the one armed (it is then no longer pending). */
    boolean take(long dueTicket) {
        if (pending == null || dueTicket != ticket) {
            return false;
        }
        pending = null;
        waitingAfter = null;
        return true;
    }

    /** Disarms the timer: no attempt starts until armed again. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        waitingAfter = null;
    }

    private void arm(long delayMillis, ViewerFailure after) {
        cancel();
        long armed = ++ticket;
        waitingAfter = after;
        pending = scheduler.schedule(() -> due.accept(armed), delayMillis, TimeUnit.MILLISECONDS);
    }
}
