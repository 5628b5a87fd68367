package io.p2pcam.protocol.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for something another thread makes happen, up to a deadline: a bounded poll, never a guess
 * with sleep. Fails with an {@link AssertionError} that says what was awaited and for how long.
 */
public final class Eventually {
    private Eventually() {}

    /** Returns once {@code condition} holds; checks it every 0.2 ms. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Takes items from {@code queue} until one matches {@code wanted} and returns it; the items
     * before it are consumed. {@code wanted} may throw an {@link AssertionError} to fail at once on an
     * item that rules the wait out (a failure event while waiting for success).
     */
    public static <T> T next(String what, Duration timeout, BlockingQueue<T> queue, Predicate<? super T> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            T item = queue.poll(left, TimeUnit.NANOSECONDS);
            if (item != null && wanted.test(item)) {
                return item;
            }
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }

    /** {@link #next(String, Duration, BlockingQueue, Predicate)} for the first item of a type. */
    public static <T, W extends T> W next(Duration timeout, BlockingQueue<T> queue, Class<W> type)
            throws InterruptedException {
        return type.cast(next("a " + type.getSimpleName(), timeout, queue, type::isInstance));
    }
}
