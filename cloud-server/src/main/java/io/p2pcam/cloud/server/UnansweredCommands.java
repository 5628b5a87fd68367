package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands one Redis connection holds unanswered, as Lettuce keeps them, and the cap this node
 * sends no more than (docs/ADMIN.md, "Running a cluster"). Lettuce fails a command after its
 * timeout but keeps it on the connection's stack until Redis answers it, so against a Redis that
 * hangs (SIGSTOP, a network black hole) timed-out commands pile up until Lettuce's request queue is
 * full. Counted here: commands sent and not completed, plus those that timed out since Redis last
 * answered anything. An answer clears the timed-out ones: one connection is answered in order, so
 * a command answered after another timed out was sent after it, and every command sent before it
 * has been answered too. At the cap a command is refused before it reaches Lettuce, and if timed-out
 * commands are among those held the connection is marked {@link #overflowed}: the node drops it
 * (its stack with it) and reconnects.
 * Thread-safe (event loops send, Lettuce's threads complete); the count may pass the cap by the
 * number of threads sending at the same instant, which the cap's margin below Lettuce's queue covers.
 */
final class UnansweredCommands {
    private final long capacity;
    /** Sent, not completed yet. */
    private final AtomicLong inFlight = new AtomicLong();
    /** Completed by the timeout since the last answer: still on Lettuce's stack. */
    private final AtomicLong timedOut = new AtomicLong();

    private final AtomicBoolean overflowed = new AtomicBoolean();

    /** @param requestQueue Lettuce's request queue: the cap is three quarters of it */
    UnansweredCommands(int requestQueue) {
        if (requestQueue < 4) {
            throw new IllegalArgumentException("request queue too small: " + requestQueue);
        }
        this.capacity = requestQueue - requestQueue / 4;
    }

    /**
     * Takes a place for one command about to be sent: false at the cap, and then overflowed if
     * some of what is held timed out (a hang). A burst that is only in flight, to a Redis that
     * answers, is refused the same but keeps its connection.
     */
    boolean trySend() {
        if (held() >= capacity) {
            if (timedOut.get() > 0) {
                overflowed.set(true);
            }
            return false;
        }
        inFlight.incrementAndGet();
        return true;
    }

    /** Redis answered a command sent (with a result or an error reply). */
    void answered() {
        inFlight.decrementAndGet();
        timedOut.set(0);
    }

    /** A command sent timed out: Lettuce still holds it. */
    void timedOut() {
        inFlight.decrementAndGet();
        timedOut.incrementAndGet();
    }

    /** A command sent failed without staying on the connection (refused by Lettuce, or cancelled). */
    void gone() {
        inFlight.decrementAndGet();
    }

    /** Commands this connection holds unanswered, as far as this node can tell. */
    long held() {
        return inFlight.get() + timedOut.get();
    }

    /** Whether a command was ever refused at the cap while timed-out ones were held: drop the connection. */
    boolean overflowed() {
        return overflowed.get();
    }
}
