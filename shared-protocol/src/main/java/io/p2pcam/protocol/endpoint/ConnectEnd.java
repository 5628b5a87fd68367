package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.identity.CameraId;

/**
 * Says why a viewer's connect ended at the cloud, before any answer of the camera's
 * (docs/PROTOCOL.md §5.5): which {@link ViewerFailure} it is and the words the user sees. Kept
 * apart from {@link ViewerEndpoint}, as {@link SessionEnd} is, so that the endpoint's event loop
 * stays a loop; what the camera's answer means is {@link SessionStart}'s.
 */
final class ConnectEnd {
    private ConnectEnd() {}

    /**
     * A connect that ran out of time after a node refused this viewer over UDP for rate and TCP to
     * it then failed ({@link RefusedNodes}): the cloud limited this network, and the user is told
     * so rather than that the cloud did not answer (§3.1, §5.5).
     */
    static SessionStart.Failed refusedOverUdpAndTcpFailed() {
        return new SessionStart.Failed(
                ViewerFailure.RATE_LIMITED,
                "the cloud refuses this network over UDP (its rate limit) and TCP to the cloud failed");
    }

    /**
     * The failure for {@code event}, one of the cloud's own endings.
     *
     * @throws IllegalStateException for an event that does not end the connect at the cloud (our bug)
     */
    static SessionStart.Failed of(ConnectAttemptEvent event, CameraId camera) {
        return switch (event) {
            case ConnectAttemptEvent.Unavailable unavailable ->
                new SessionStart.Failed(
                        ViewerFailure.CAMERA_UNAVAILABLE, "camera " + camera + " is offline or unknown");
            case ConnectAttemptEvent.KeyMismatch mismatch ->
                new SessionStart.Failed(
                        ViewerFailure.CLOUD_LIED,
                        "the cloud gave a key that does not belong to camera " + camera + "; refusing to connect");
            case ConnectAttemptEvent.TimedOut timedOut ->
                new SessionStart.Failed(ViewerFailure.TIMEOUT, "the cloud did not answer (" + timedOut.during() + ")");
            case ConnectAttemptEvent.RateLimited limited ->
                new SessionStart.Failed(ViewerFailure.RATE_LIMITED, "the cloud asks this address to slow down");
            case ConnectAttemptEvent.KeyFound ignored -> throw notAnEnd(event);
            case ConnectAttemptEvent.Accepted ignored -> throw notAnEnd(event);
            case ConnectAttemptEvent.Rejected ignored -> throw notAnEnd(event);
        };
    }

    private static IllegalStateException notAnEnd(ConnectAttemptEvent event) {
        return new IllegalStateException("not an ending at the cloud: " + event);
    }
}
