package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a connection's listener when one of its threads (network, decode, sound) stopped by itself:
 * the connection is lost, said once, and not at all while the connection is being closed anyway.
 * Without it a tile whose thread died stays "Live" on a frozen picture. Thread-safe.
 */
final class ThreadDeaths {
    private static final Logger log = LoggerFactory.getLogger(ThreadDeaths.class);

    private final CameraId camera;
    private final ConnectionListener listener;
    private final BooleanSupplier closing;
    private final AtomicBoolean reported = new AtomicBoolean();

    ThreadDeaths(CameraId camera, ConnectionListener listener, BooleanSupplier closing) {
        this.camera = camera;
        this.listener = listener;
        this.closing = closing;
    }

    /**
     * Reports {@code which} thread's death when {@code terminated} completes exceptionally; on
     * another thread: the listener may take locks its caller holds while opening the connection.
     */
    void watch(String which, CompletableFuture<?> terminated) {
        terminated.whenCompleteAsync(
                (ignored, cause) -> {
                    if (cause != null) {
                        died(which, cause);
                    }
                },
                Thread::startVirtualThread);
    }

    /** Thread {@code which} stopped by itself with {@code cause}: the connection is lost. */
    void died(String which, Throwable cause) {
        if (closing.getAsBoolean() || !reported.compareAndSet(false, true)) {
            return;
        }
        log.error("camera {}: the {} thread stopped: {}", camera, which, cause.toString());
        listener.event(new ViewerEvent.Failed(
                ViewerFailure.CONNECTION_LOST, "the connection stopped unexpectedly (" + which + "); reconnecting"));
    }
}
