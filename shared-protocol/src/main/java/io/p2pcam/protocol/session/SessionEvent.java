package io.p2pcam.protocol.session;

import java.net.InetSocketAddress;
import java.util.Locale;

/** What a {@link SecureSession} reports to the application. */
public sealed interface SessionEvent {
    /** Which kind of path carries the session: same network, punched through NATs, or through the cloud's relay. */
    enum PathKind {
        LAN,
        DIRECT,
        RELAY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The first authenticated reply to a probe fixed the path. */
    record PathSelected(InetSocketAddress peer, PathKind kind, long elapsedMillis) implements SessionEvent {}

    /**
     * The path moved mid-session: the peer's NAT rebinding, an upgrade from the relay to a direct
     * path found in the background, or a new path after the old one went quiet.
     */
    record PathChanged(InetSocketAddress peer, PathKind kind) implements SessionEvent {}

    /** A media packet (an RTP packet) arrived, authenticated and not replayed. */
    record Media(byte[] rtp) implements SessionEvent {}

    /** An RTP packet the peer sent again on our NACK, authenticated: docs/PROTOCOL.md §10.6. */
    record Retransmission(byte[] rtp) implements SessionEvent {}

    /** RTCP from the peer about the media (reports, NACK, PLI), authenticated: docs/PROTOCOL.md §10.6. */
    record Feedback(byte[] rtcp) implements SessionEvent {}

    /** The viewer asks for the camera's main or sub-stream (a SELECT_STREAM body, not yet parsed): §10.9. */
    record StreamSelection(byte[] body) implements SessionEvent {}

    /** The peer asks for a keyframe (it lost data or just joined). */
    record KeyframeRequested() implements SessionEvent {}

    /** The session is over; nothing more will be sent or received. */
    record Closed(CloseReason reason) implements SessionEvent {}

    enum CloseReason {
        PUNCH_FAILED,
        PEER_SILENT,
        PEER_CLOSED,
        LOCAL_CLOSE,
        /**
         * The transport keys could not be updated before their limits (the peer never confirmed the
         * last update) or the packet counter reached its end: closed rather than reuse a nonce.
         */
        KEYS_EXHAUSTED
    }
}
