package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import java.util.List;
import java.util.Queue;

/**
 * Reads the camera's RTCP on the viewer's side: the receiver takes it for its loss and RTT
 * counters, and the viewer reports the two things its user or player needs, the sender's clock
 * (for lip sync) and the camera's refusal of talkback (docs/PROTOCOL.md §10.7). Kept apart from
 * {@link ViewerEndpoint} so that its session-event loop only routes events.
 */
final class CameraFeedback {
    private CameraFeedback() {}

    /**
     * Gives one RTCP compound packet to {@code receiver} and adds what it reports to {@code events};
     * adds nothing when it does not parse.
     */
    static void read(byte[] rtcp, VideoReceiver receiver, Queue<ViewerEvent> events, long now)
            throws MalformedRtcpException {
        List<RtcpPacket> packets = RtcpCodec.decode(rtcp);
        receiver.handleRtcp(packets, now);
        for (RtcpPacket packet : packets) {
            if (packet instanceof RtcpPacket.SenderReport sr) {
                events.add(new ViewerEvent.SenderClock(sr.ssrc(), sr.ntpTime(), sr.rtpTimestamp()));
            } else if (packet instanceof RtcpPacket.TalkRefused refused) {
                events.add(new ViewerEvent.TalkRefused(refused.holder(), refused.takenOver()));
            }
        }
    }
}
