package io.p2pcam.camera.live;

import io.p2pcam.camera.pairing.PairingKeeper;
import io.p2pcam.camera.pairing.Revocations;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what `viewers revoke` asked for while the camera runs: every second, on a thread of its
 * own, each pending request's key is forgotten on the network thread and its sessions end at once;
 * the request is done once the change is on disk (until then it is applied again, which changes
 * nothing, every second).
 */
final class RevocationPoll implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveCamera.class); // the camera log's name

    private final Revocations revocations;
    private final UdpEndpointRunner<CameraEndpoint> network;
    private final PairingKeeper pairingKeeper;
    /** The camera's event handling, run after each revocation so the change goes to the writer now. */
    private final Consumer<CameraEndpoint> drainEvents;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("revocations").daemon().factory());

    /** A revocation applied on the network thread: whether the key was paired, and its snapshot's number. */
    private record Revoked(boolean wasPaired, long snapshot) {}

    private RevocationPoll(
            Revocations revocations,
            UdpEndpointRunner<CameraEndpoint> network,
            PairingKeeper pairingKeeper,
            Consumer<CameraEndpoint> drainEvents) {
        this.revocations = revocations;
        this.network = network;
        this.pairingKeeper = pairingKeeper;
        this.drainEvents = drainEvents;
    }

    /** Starts polling {@code revocations}, whose changes {@code pairingKeeper} writes. */
    static RevocationPoll start(
            Revocations revocations,
            UdpEndpointRunner<CameraEndpoint> network,
            PairingKeeper pairingKeeper,
            Consumer<CameraEndpoint> drainEvents) {
        RevocationPoll poll = new RevocationPoll(revocations, network, pairingKeeper, drainEvents);
        poll.thread.scheduleWithFixedDelay(poll::applyPending, 0, 1, TimeUnit.SECONDS);
        return poll;
    }

    private void applyPending() {
        try {
            for (Bytes key : revocations.pending()) {
                CompletableFuture<Revoked> applied = new CompletableFuture<>();
                network.execute(camera -> {
                    try {
                        boolean was = camera.revoke(key, UdpEndpointRunner.now());
                        drainEvents.accept(camera); // hands the change to the writer now
                        applied.complete(new Revoked(was, pairingKeeper.handedOver()));
                    } catch (PairingStoreException | RuntimeException e) {
                        applied.completeExceptionally(e);
                    }
                });
                Revoked revoked = applied.get(5, TimeUnit.SECONDS);
                if (revoked.wasPaired()) {
                    log.info("viewer key {} revoked; its sessions ended", key);
                }
                if (pairingKeeper.awaitSaved(revoked.snapshot(), Duration.ofSeconds(5))) {
                    revocations.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("applying revocation requests: {}", e.toString());
        }
    }

    /** Stops polling, interrupting a request being applied. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
