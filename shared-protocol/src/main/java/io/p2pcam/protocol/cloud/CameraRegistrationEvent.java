package io.p2pcam.protocol.cloud;

import java.util.List;

/** What a {@link CameraRegistration} tells the camera application. */
public sealed interface CameraRegistrationEvent {
    /** Registered (again): the cloud sees the camera at {@code reflexive}. */
    record Registered(Candidate reflexive, int keepaliveMillis) implements CameraRegistrationEvent {}

    /**
     * The registration was lost (cloud unreachable or restarted; or, {@code pathChanged}, the runtime
     * moved the camera's traffic to the cloud between UDP and TCP, and a registration is bound to the
     * address the cloud saw: expected, no fault); the camera is re-registering on its own.
     */
    record Lost(String reason, boolean pathChanged) implements CameraRegistrationEvent {
        public Lost(String reason) {
            this(reason, false);
        }
    }

    /**
     * A viewer asks to connect. The application decides (usually after checking the handshake) and
     * calls {@link CameraRegistration#answer}. Repeats of the same forward are not reported again.
     */
    record ConnectForwarded(long forwardId, List<Candidate> viewerCandidates, Bytes handshake, RelayGrant relay)
            implements CameraRegistrationEvent {}
}
