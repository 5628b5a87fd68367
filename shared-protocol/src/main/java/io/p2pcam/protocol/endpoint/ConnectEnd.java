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
