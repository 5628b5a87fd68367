package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.SessionEvent;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import java.net.InetSocketAddress;

/** What a {@link ViewerEndpoint} tells the viewer application. Times are milliseconds since the start. */
public sealed interface ViewerEvent {
    /** The cloud gave the camera's key and it matches the ID. */
    record KeyVerified(long atMillis) implements ViewerEvent {}

    /** The camera admitted us; punching starts. */
    record Admitted(long atMillis, CameraWelcome welcome) implements ViewerEvent {}

    /** A path to the camera works: media will flow. */
    record Live(long atMillis, SessionEvent.PathKind path, InetSocketAddress camera) implements ViewerEvent {}

    /** The live session moved to another path: an upgrade from the relay to a direct path, or a recovery. */
    record PathChanged(long atMillis, SessionEvent.PathKind path, InetSocketAddress camera) implements ViewerEvent {}

    /**
     * The video's next depacketizer event, in stream order (docs/PROTOCOL.md §10.2): an access unit
     * ready for the decoder, one lost on the way, or a packet dropped. Ownership of an access unit's
     * bytes passes to whoever polls the event.
     */
    record Video(DepacketizerEvent event) implements ViewerEvent {}

    /**
     * An audio packet (Opus, docs/PROTOCOL.md §10.7), authenticated, parsed once by the endpoint, as
     * it arrived (no reordering: the player's jitter buffer orders it).
     */
    record Audio(RtpPacket packet) implements ViewerEvent {}

    /**
     * A sender report of one of the camera's streams (RFC 3550 §6.4.1): at the camera's report
     * clock {@code ntpTime} (NTP format) the stream {@code ssrc} was at RTP time {@code
     * rtpTimestamp}. All of a camera's streams share the report clock: lip sync maps both onto it.
     */
    record SenderClock(long ssrc, long ntpTime, long rtpTimestamp) implements ViewerEvent {}

    /**
     * The camera did not play this viewer's talk: another viewer holds the talk floor
     * (docs/PROTOCOL.md §10.7). Repeated about every 250 ms while this viewer keeps talking.
     *
     * @param holder the name the talking viewer gave itself; empty if the camera did not say
     * @param takenOver the holder is the camera's owner, who took the floor from this viewer
     */
    record TalkRefused(String holder, boolean takenOver) implements ViewerEvent {
        /** Another viewer holds the floor (not a take-over). */
        public TalkRefused(String holder) {
            this(holder, false);
        }
    }

    /**
     * The viewer receives the sub-stream for {@code holdMillis}, from now, because the main stream it
     * chose kept breaking on this path ({@code onSub}: sent when the sub-stream arrives, never for a
     * camera without one), or that fallback is over: the hold ended and it asks for the main stream
     * again, or a new choice was made (decision 0042).
     */
    record StreamFallback(boolean onSub, long holdMillis) implements ViewerEvent {}

    /** The attempt or the session ended; {@code failure} says why in a word, {@code message} for people. */
    record Failed(ViewerFailure failure, String message) implements ViewerEvent {}
}
