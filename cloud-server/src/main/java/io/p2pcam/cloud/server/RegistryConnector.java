package io.p2pcam.cloud.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes a clustered node's connections to the registry, and closes the ones it drops, on a thread
 * of its own (docs/ADMIN.md, "Running a cluster"). Both block: a connection takes up to its connect
 * timeout (2 s for each of its two connections) against a Redis that hangs, which accepts it and
 * answers nothing, and a shutdown up to 2 s more. On the heartbeat's thread they held back the
 * heartbeat, and with it the batches of failed writes the cores get once a heartbeat. At most one
 * attempt is under way at a time; a close queued before an attempt is carried out before it.
 * Thread-safe.
 */
final class RegistryConnector implements AutoCloseable {
    /** Longer than an attempt against a registry that hangs. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread connecting = new Thread(runnable, "p2pcam-cluster-connect");
        connecting.setDaemon(true);
        return connecting;
    });
    private final AtomicBoolean underWay = new AtomicBoolean();
    private final AtomicLong ended = new AtomicLong();

    /**
     * Starts an attempt, unless one is under way (then false): {@code connect} on the connector's
     * thread, then {@code connected} with what it made or {@code failed} with why it could not.
     */
    boolean tryConnect(
            Supplier<RedisRegistry> connect, Consumer<RedisRegistry> connected, Consumer<RuntimeException> failed) {
        if (!underWay.compareAndSet(false, true)) {
            return false;
        }
        try {
            thread.execute(() -> {
                try {
                    connected.accept(connect.get());
                } catch (RuntimeException e) {
                    failed.accept(e);
                } finally {
                    ended.incrementAndGet();
                    underWay.set(false);
                }
            });
            return true;
        } catch (RejectedExecutionException closed) {
            underWay.set(false);
            return false;
        }
    }

    /** Closes {@code dropped} on the connector's thread, before any attempt started after this call. */
    void closeLater(RedisRegistry dropped) {
        try {
            thread.execute(dropped::close);
        } catch (RejectedExecutionException closed) {
            dropped.close();
        }
    }

    /** Whether an attempt is under way now. */
    boolean underWay() {
        return underWay.get();
    }

    /** Attempts ended so far (connected or failed). */
    long ended() {
        return ended.get();
    }

    /**
     * Stops the thread, interrupting an attempt under way, and waits a little for it to end (so
     * that what it made is seen, and closed, by whoever closes the node); closes queued are carried
     * out here.
     */
    @Override
    public void close() {
        for (Runnable pending : thread.shutdownNow()) {
            pending.run();
        }
        try {
            thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
