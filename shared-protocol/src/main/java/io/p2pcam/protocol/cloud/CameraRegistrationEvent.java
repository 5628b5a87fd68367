package io.p2pcam.protocol.cloud;

import java.util.List;

/** What a {@link CameraRegistration} tells the camera application. */
public sealed interface CameraRegistrationEvent {
    /** Registered (again): the cloud sees the camera at {@code reflexive}. */
    record Registered(Candidate reflexive, int keepaliveMillis) implements CameraRegistrationEvent {}

    /** The registration was lost (cloud unreachable or restarted); the camera is re-registering on its own. */
    record Lost(String reason) implements CameraRegistrationEvent {}

    /**
     * A viewer asks to connect. The application decides (usually after checking the handshake) and
     * calls {@link CameraRegistration#answer}. Repeats of the same forward are not reported again.
     */
    record ConnectForwarded(long forwardId, List<Candidate> viewerCandidates, Bytes handshake, RelayGrant relay)
            implements CameraRegistrationEvent {}
}
