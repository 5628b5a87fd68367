package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanBrowser;
import java.net.InetSocketAddress;

/**
 * For one tile: whether its next attempt goes straight to the camera found on this LAN, with no
 * cloud, because the cloud did not help (docs/PROTOCOL.md §10.8), and what a failure there means:
 * the address is told back to the {@link LanCameras}, and an answer from something that is not the
 * camera says nothing of the camera (anyone on the LAN can announce it).
 *
 * <p>Not thread-safe: the supervisor calls it under its lock; {@link #current()} from any thread.
 */
final class LanFallback {
    /** A failure as the tile reports it. */
    record Failure(ViewerFailure failure, String message) {}

    private final CameraId camera;
    private final LanCameras lan;
    /** The next attempt goes straight to the camera on the LAN (the cloud did not help). */
    private boolean directNext;
    /** Where the current attempt went on the LAN with no cloud (an announced address); null through a cloud. */
    private volatile InetSocketAddress onLan;

    LanFallback(CameraId camera, LanCameras lan) {
        this.camera = camera;
        this.lan = lan;
    }

    /** Whether any LAN is browsed at all: otherwise a silent cloud is simply waited for. */
    boolean browsing() {
        return lan != LanCameras.NONE;
    }

    /** Whether the camera is announced on the LAN now. */
    boolean cameraFound() {
        return lan.find(camera) != null;
    }

    /** The cloud stays silent: the next attempt goes to the LAN. */
    void skipTheCloudNext() {
        directNext = true;
    }

    /** Starts an attempt: the camera's address on the LAN if it goes there, null if through a cloud. */
    InetSocketAddress startAttempt() {
        onLan = directNext ? lan.find(camera) : null;
        directNext = false;
        return onLan;
    }

    /** The current attempt's address on the LAN, or null through a cloud. */
    InetSocketAddress current() {
        return onLan;
    }

    /** The camera admitted us: if at an address found on the LAN, the handshake proved it there. */
    void admitted() {
        if (onLan != null) {
            lan.proved(camera, onLan);
        }
    }

    /** The attempt failed: tells the LAN what it means for the address, and says what the tile reports. */
    Failure failed(ViewerFailure failure, String message) {
        if (onLan != null) {
            toldToTheLan(failure);
        }
        if (onLan != null && (failure == ViewerFailure.CLOUD_LIED || failure == ViewerFailure.HANDSHAKE_FAILED)) {
            // Anyone on the LAN can announce the camera (§10.8): what answered there is not the camera,
            // which says nothing of the camera, unlike a cloud's lie. A failed path: tried again, cloud first.
            message = "what answered on the LAN at " + onLan + " is not camera " + camera + ": " + message;
            failure = ViewerFailure.NETWORK_ERROR;
        }
        if (failure == ViewerFailure.TIMEOUT
                || failure == ViewerFailure.CAMERA_UNAVAILABLE
                || failure == ViewerFailure.NETWORK_ERROR
                || failure == ViewerFailure.RATE_LIMITED) {
            // The cloud did not help (silent, without the camera, or refusing this network): try the
            // camera on our LAN next, if it is there (and the cloud after that).
            directNext = onLan == null && cameraFound();
        }
        return new Failure(failure, message);
    }

    /** The attempt at the address found on the LAN failed: that address goes after the camera's other announcements. */
    private void toldToTheLan(ViewerFailure failure) {
        LanBrowser.ConnectFailure verdict = LanVerdict.of(failure);
        if (verdict != null) { // null: the camera answered there (a wrong password, busy...)
            lan.failed(camera, onLan, verdict);
        }
    }
}
