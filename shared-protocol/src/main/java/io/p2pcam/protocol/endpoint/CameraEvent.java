package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.session.SessionEvent;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** What a {@link CameraEndpoint} tells the camera application (for logs and status). */
public sealed interface CameraEvent {
    /** Registered (again) with the cloud node {@code cloud}, which sees the camera at {@code reflexive}. */
    record Registered(Candidate reflexive, InetSocketAddress cloud) implements CameraEvent {}

    /** The registration with the cloud node {@code cloud} was lost; the camera registers again on its own. */
    record RegistrationLost(String reason, InetSocketAddress cloud, boolean pathChanged) implements CameraEvent {}

    record ViewerRefused(InetAddress viewer, SessionHello.Verdict verdict) implements CameraEvent {}

    /** A first message that did not authenticate (wrong camera, corrupted, replayed). */
    record HandshakeFailed(InetAddress viewer, String reason) implements CameraEvent {}

    /** A viewer got in; {@code paired}: by its key (now or from before), not only by the password. */
    record ViewerAdmitted(int sessionId, String viewerName, InetAddress viewer, boolean paired)
            implements CameraEvent {}

    /**
     * A first message refused before it was read: stale or replayed, or over the budget for unpaired
     * viewers (docs/PROTOCOL.md §10.1). Floods make many of these: log them rate-limited.
     */
    record HandshakeRefused(InetAddress viewer, HandshakeRefusal refusal) implements CameraEvent {}

    /** The punch succeeded: media flows to this viewer from now on. Ask the encoder for a keyframe. */
    record ViewerLive(int sessionId, SessionEvent.PathKind path) implements CameraEvent {}

    /** A viewer needs a keyframe of {@code stream}, the one it watches (joined, lost a picture, switched). */
    record KeyframeRequested(int sessionId, VideoStream stream) implements CameraEvent {
        /** Of the main stream. */
        public KeyframeRequested(int sessionId) {
            this(sessionId, VideoStream.MAIN);
        }
    }

    /**
     * {@code stream} is now watched by at least one viewer ({@code watched}), or by none any more:
     * start its encoder on the first, stop it after the last (docs/PROTOCOL.md §10.9).
     */
    record StreamDemand(VideoStream stream, boolean watched) implements CameraEvent {}

    /**
     * A viewer's receiver report: loss, jitter and round-trip time on its path, for rate control of
     * {@code stream}, the one it watched when it reported.
     */
    record LinkReport(int sessionId, VideoStream stream, SenderLink.Quality quality) implements CameraEvent {}

    /**
     * A talkback packet (Opus RTP, docs/PROTOCOL.md §10.7) from the viewer holding the talk floor,
     * authenticated, parsed once by the endpoint, as it arrived (no reordering): the speaker's jitter
     * buffer orders it.
     */
    record Talk(int sessionId, RtpPacket packet) implements CameraEvent {}

    record ViewerLeft(int sessionId, SessionEvent.CloseReason reason) implements CameraEvent {}

    /**
     * The paired viewers changed (a viewer paired, a paired viewer's high-water mark rose, a key was
     * revoked); {@code snapshot} is all of them now. Reported after the admission it belongs to, whose
     * answer is already queued and whose keyframe is asked for first: the owner writes it to disk off
     * the network thread, newest snapshot winning (docs/PROTOCOL.md §10.1, decision 0030).
     */
    record PairingsChanged(PairingStore.Snapshot snapshot) implements CameraEvent {}
}
