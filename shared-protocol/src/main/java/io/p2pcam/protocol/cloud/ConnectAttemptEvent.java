package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.identity.CameraPublicKey;
import java.util.List;

/** What a {@link ConnectAttempt} tells the viewer. After any event but {@link KeyFound} the attempt is over. */
public sealed interface ConnectAttemptEvent {
    /** The cloud gave the camera's key and it matches the ID: build the handshake and call {@link ConnectAttempt#connect}. */
    record KeyFound(CameraPublicKey key) implements ConnectAttemptEvent {}

    /** The camera accepted: its candidates (reflexive first) and its handshake reply. */
    record Accepted(List<Candidate> candidates, Bytes handshake, RelayGrant relay) implements ConnectAttemptEvent {}

    /** The camera refused; its handshake reply says why (end-to-end encrypted). */
    record Rejected(Bytes handshake) implements ConnectAttemptEvent {}

    /** No such camera, or it is offline, or it did not answer: the cloud does not say which. */
    record Unavailable() implements ConnectAttemptEvent {}

    /** The cloud answered with a key that does not belong to the ID: it lies, or is not ours. */
    record KeyMismatch(CameraPublicKey offered) implements ConnectAttemptEvent {}

    /** The cloud did not answer in time. */
    record TimedOut(String during) implements ConnectAttemptEvent {}

    /** The cloud refused to serve this address for now. */
    record RateLimited() implements ConnectAttemptEvent {}
}
