package io.p2pcam.cloud.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.p2pcam.cloud.core.SignatureCheck;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs REGISTER signature checks off the event loop, so that lookups, keepalives and answers never
 * wait behind a registration (issue 13: 300 sources × 20 REGISTER/s left every LOOKUP unanswered
 * for 20 s when the checks ran on the loop). The core bounds how many checks are in flight
 * ({@code Quotas.maxSignatureChecks}); this pool only runs them, on {@code threads} daemon threads,
 * and hands each outcome to a callback on the verifying thread.
 *
 * <p>Thread-safe. {@link #close()} stops the threads; checks not yet run are abandoned (the core
 * they belong to is being closed with it).
 */
final class SignatureCheckPool implements AutoCloseable {
    private final Executor executor;
    private final ThreadPoolExecutor pool;

    private SignatureCheckPool(Executor executor, ThreadPoolExecutor pool) {
        this.executor = executor;
        this.pool = pool;
    }

    /** A pool of {@code threads} threads with room queued for {@code capacity} checks. */
    static SignatureCheckPool of(int threads, int capacity) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, capacity)),
                new DefaultThreadFactory("p2pcam-verify", true),
                new ThreadPoolExecutor.AbortPolicy());
        return new SignatureCheckPool(pool, pool);
    }

    /** Checks run at once on the calling thread: for tests on an embedded channel. */
    static SignatureCheckPool inline() {
        return new SignatureCheckPool(Runnable::run, null);
    }

    /** Checks run by {@code executor} (tests hold them to show what happens meanwhile). */
    static SignatureCheckPool on(Executor executor) {
        return new SignatureCheckPool(executor, null);
    }

    /** The verifier threads a server gets by default: every core but the one the event loop uses, at least one. */
    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * Checks {@code check} and passes the outcome to {@code done} (on the verifying thread).
     *
     * @throws RejectedExecutionException if the queue is full or the pool closed
     */
    void submit(SignatureCheck check, BiConsumer<SignatureCheck, Boolean> done) {
        executor.execute(() -> done.accept(check, check.verify()));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
