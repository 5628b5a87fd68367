package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.session.SecureSession;
import java.util.Queue;

/**
 * The viewer's receive side of an admitted session's media (docs/PROTOCOL.md §10.7): each packet
 * parsed once and dispatched by its payload type, sound to the application as it came, video
 * through the recovery pipeline ({@link VideoReceiver}: jitter buffer, NACKs for holes,
 * depacketizer, keyframe requests) whose access units become {@link ViewerEvent.Video}s; the
 * camera's RTCP to that pipeline. Packets that authenticated but do not parse (the camera's bug)
 * are dropped and counted.
 *
 * <p>Not thread-safe: the {@link ViewerEndpoint} that owns it drives it from its one thread.
 */
final class MediaIntake {
    private final VideoReceiver receiver;
    private final Queue<ViewerEvent> events;
    private long dropped;

    /**
     * @param ssrc the viewer's own SSRC in its feedback
     * @param events where the viewer's events go (the endpoint's queue)
     */
    MediaIntake(int ssrc, Queue<ViewerEvent> events, long now) {
        this.receiver = new VideoReceiver(ssrc, now);
        this.events = events;
    }

    /**
     * A media packet or a retransmission the session authenticated: sound goes to the application
     * as it came (its own stream: no NACKs, the player's buffer orders it), video to the pipeline.
     */
    void media(byte[] rtp, boolean retransmission, long now) {
        RtpPacket packet;
        try {
            packet = RtpCodec.decode(rtp);
        } catch (MalformedRtpException e) {
            dropped++;
            return;
        }
        if (packet.payloadType() == OpusRtp.PAYLOAD_TYPE) {
            events.add(new ViewerEvent.Audio(packet));
        } else {
            receiver.handlePacket(packet, retransmission, now);
        }
    }

    /** The camera's RTCP the session authenticated. */
    void feedback(byte[] rtcp, long now) {
        try {
            CameraFeedback.read(rtcp, receiver, events, now);
        } catch (MalformedRtcpException e) {
            dropped++;
        }
    }

    /** {@link ViewerEndpoint#requestKeyframe}: a PLI, repeated until a keyframe arrives. */
    void requestKeyframe(long now) {
        receiver.requestKeyframe(now);
    }

    long nextTimeout() {
        return receiver.nextTimeout();
    }

    void handleTimeout(long now) {
        receiver.handleTimeout(now);
    }

    /** Hands the finished access units out as events, and the pipeline's feedback to {@code session}. */
    void drain(SecureSession session, long now) {
        DepacketizerEvent video;
        while ((video = receiver.pollAccessUnit()) != null) {
            events.add(new ViewerEvent.Video(video));
        }
        byte[] rtcp;
        while ((rtcp = receiver.pollFeedback()) != null) {
            session.sendFeedback(rtcp, now);
        }
    }

    MediaReceiver.Stats stats() {
        return receiver.stats();
    }

    VideoReceiver.Progress progress() {
        return receiver.progress();
    }

    /** Media or feedback packets that authenticated but did not parse. */
    long dropped() {
        return dropped;
    }
}
