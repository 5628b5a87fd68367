package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TalkFloor;
import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import java.util.Map;
import java.util.Queue;

/**
 * The viewers' talkback arriving at the camera (docs/PROTOCOL.md §10.7), sans I/O: plays the packets
 * of the viewer holding the talk floor (one talker at a time), tells a refused viewer who holds it,
 * and counts what is not talk. Each packet is parsed once, here, and goes on typed ({@link
 * RtpPacket}); one that does not parse, or is not Opus, is dropped and counted. One job, kept apart from {@link CameraEndpoint} (which admits viewers
 * and routes datagrams) so that the talk rules live in one place.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it. {@code viewers} is the endpoint's live
 * map of admitted viewers by session ID; {@code events} is the endpoint's event queue.
 */
final class TalkIn {
    private final TalkFloor talkFloor = new TalkFloor();
    private final Map<Integer, ViewerSession> viewers;
    private final Queue<CameraEvent> events;
    /** The SSRC of the camera's sound stream, from its packets (0 until one is sent). */
    private long audioSsrc;

    private long droppedTalk;

    TalkIn(Map<Integer, ViewerSession> viewers, Queue<CameraEvent> events) {
        this.viewers = viewers;
        this.events = events;
    }

    /** Notes the SSRC of the camera's own sound (named in refusal notices) from a packet it sends. */
    void audioSent(long ssrc) {
        audioSsrc = ssrc;
    }

    /**
     * A viewer's talkback packet (docs/PROTOCOL.md §10.7): it came sealed in an admitted viewer's
     * session (packets of any other session never get here: they are dropped and counted as
     * datagrams), and plays if this viewer holds the talk floor; a viewer refused the floor is told
     * who holds it, at most every {@link TalkFloor#NOTICE_INTERVAL_MILLIS} ms (an RTCP APP TALK).
     */
    void onTalk(ViewerSession viewer, byte[] rtp, long now) {
        RtpPacket packet;
        try {
            packet = RtpCodec.decode(rtp);
        } catch (MalformedRtpException e) {
            droppedTalk++; // authentic but not RTP: the viewer's bug
            return;
        }
        if (packet.payloadType() != OpusRtp.PAYLOAD_TYPE) {
            droppedTalk++;
        } else if (talkFloor.admit(viewer.id(), viewer.isOwner(), now)) {
            events.add(new CameraEvent.Talk(viewer.id(), packet));
        } else if (talkFloor.noticeDue(viewer.id(), now)) {
            Integer holder = talkFloor.holder(now);
            ViewerSession talking = holder == null ? null : viewers.get(holder);
            viewer.sendAudioReport(
                    RtcpCodec.encode(new RtcpPacket.TalkRefused(
                            audioSsrc, talking == null ? "" : talking.name(), talkFloor.takenFrom(viewer.id(), now))),
                    now);
        }
    }

    /** A retransmission from a viewer: talk is never resent, so the viewer's bug; counted. */
    void onRetransmission() {
        droppedTalk++;
    }

    /** A viewer's session ended: it gives up the floor if it held it. */
    void sessionEnded(int sessionId) {
        talkFloor.sessionEnded(sessionId);
    }

    long droppedTalk() {
        return droppedTalk;
    }

    long refusedTalk() {
        return talkFloor.refused();
    }

    long talkTakeOvers() {
        return talkFloor.takeOvers();
    }
}
