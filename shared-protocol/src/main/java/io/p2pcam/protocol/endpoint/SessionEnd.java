package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.session.SessionEvent.CloseReason;

/**
 * Says why a viewer's session ended, other than by the viewer's own close: which {@link
 * ViewerFailure} it is (a path never opened, or a live stream lost) and the words the user sees.
 * Kept apart from {@link ViewerEndpoint} so that the endpoint's event loop stays a loop, and the
 * user's explanations live in one place.
 */
final class SessionEnd {
    private SessionEnd() {}

    /** The failure for a session closed for {@code reason}; {@code wasLive}: whether a path was fixed. */
    static ViewerFailure failure(CloseReason reason, boolean wasLive) {
        if (reason == CloseReason.PUNCH_FAILED) {
            return ViewerFailure.PUNCH_FAILED;
        }
        return wasLive ? ViewerFailure.CONNECTION_LOST : ViewerFailure.PUNCH_FAILED;
    }

    /** The words for the user; {@code hasRelay}: whether the cloud offered the session a relay. */
    static String message(CloseReason reason, boolean hasRelay) {
        return switch (reason) {
            case PUNCH_FAILED ->
                hasRelay
                        ? "no path to the camera could be opened, not even through the relay"
                        : "no direct path to the camera could be opened (the cloud offers no relay)";
            case PEER_CLOSED -> "the camera closed the session";
            case KEYS_EXHAUSTED ->
                "the session's keys ran out (the camera did not take part in a key"
                        + " update); reconnecting starts fresh keys";
            default -> "the camera went silent";
        };
    }
}
