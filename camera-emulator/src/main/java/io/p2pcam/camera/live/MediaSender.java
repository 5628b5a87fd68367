package io.p2pcam.camera.live;

import io.p2pcam.camera.media.EncodedFrame;
import io.p2pcam.camera.media.FrameSubscriber;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.H264Packetizer;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.PacketizerConfig;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.media.VideoClock;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Turns each encoded frame of one stream (main or sub, docs/PROTOCOL.md §10.9) into RTP packets
 * (RFC 6184, one packetizer for every viewer of that stream: they all get the same packets; its
 * own SSRC and sequence numbers, kept across encoder restarts) on the encoder's thread, encoded
 * there once with their parsed header fields beside them ({@link OutgoingRtp}), and hands them to
 * the network thread to be sealed and sent to every live viewer watching that stream.
 * Never blocks the encoder.
 */
final class MediaSender implements FrameSubscriber {
    /** RTP's dynamic payload type for H.264, as SDP offers usually number it. */
    static final int PAYLOAD_TYPE = 96;

    private final UdpEndpointRunner<CameraEndpoint> network;
    private final H264Packetizer packetizer;
    private final VideoStream stream;

    MediaSender(UdpEndpointRunner<CameraEndpoint> network, VideoStream stream, RandomGenerator random) {
        this.network = network;
        this.stream = stream;
        this.packetizer = new H264Packetizer(
                random.nextInt() & 0xffffffffL, PAYLOAD_TYPE, random.nextInt(1 << 16), PacketizerConfig.DEFAULTS);
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        long timestamp = VideoClock.timestampOf(frame.captureMicros());
        List<RtpPacket> packets = packetizer.packetize(AnnexB.split(frame.annexB()), timestamp);
        List<OutgoingRtp> datagrams = new ArrayList<>(packets.size());
        for (RtpPacket packet : packets) {
            datagrams.add(OutgoingRtp.of(packet));
        }
        network.execute(camera -> {
            long now = UdpEndpointRunner.now();
            for (OutgoingRtp rtp : datagrams) {
                camera.sendMedia(stream, rtp, now);
            }
        });
    }
}
