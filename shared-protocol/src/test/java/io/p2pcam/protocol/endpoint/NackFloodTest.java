package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An admitted viewer that NACKs the camera's whole send history without pause (docs/PROTOCOL.md
 * §10.6), end to end through the real endpoints: its retransmissions stay within its own budget
 * (the media bitrate over a second), and the viewer beside it gets every picture.
 */
class NackFloodTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress MALLORY = address("192.0.2.66", 50066);
    private static final long SSRC = 0x2222_2222L;
    private static final long BITRATE = 800_000; // 100 kB/s
    private static final int PAYLOAD = 988; // 1000-byte RTP packets
    private final EndpointWorld world = new EndpointWorld(4);

    private static byte[] picture(int sequence) {
        byte[] payload = new byte[PAYLOAD];
        payload[0] = 0x65;
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, SSRC, payload));
    }

    @Test
    void aViewerNackingEverythingGetsNoMoreThanItsBudgetAndTheOtherViewerEveryPicture() {
        world.viewer(ALICE);
        ViewerEndpoint mallory = world.viewer(MALLORY);
        world.advance(300);
        world.camera.setMediaBitrate(VideoStream.MAIN, BITRATE, world.now);
        int mallorysSession =
                world.cameraEvents(CameraEvent.ViewerAdmitted.class).get(1).sessionId();
        int sequence = 1;
        for (; sequence <= 100; sequence++) { // 1 s at 100 kB/s
            world.sendMedia(picture(sequence));
            world.advance(10);
        }
        List<Integer> everything = new ArrayList<>();
        for (int i = 1; i < sequence; i++) {
            everything.add(i);
        }
        byte[] nack = RtcpCodec.encode(new RtcpPacket.Nack(0x6666_6666L, SSRC, everything));

        for (int tick = 0; tick < 300; tick++) { // 3 s: a NACK of all of it every 10 ms, and media on
            mallory.session().sendFeedback(nack, world.now);
            mallory.handleTimeout(world.now); // moves what the session sealed to the wire
            world.flush();
            world.sendMedia(picture(sequence++));
            world.advance(10);
        }
        world.advance(1_000);

        long resentBytes = world.camera.link(mallorysSession).retransmitted() * 1_000;
        assertThat(resentBytes)
                .as("at most the bitrate over the 3 s, plus one window")
                .isLessThanOrEqualTo(4 * BITRATE / 8);
        assertThat(world.camera.link(mallorysSession).retransmissionsRefused()).isPositive();
        assertThat(world.pictures(ALICE)).hasSize(sequence - 1).endsWith((long) sequence - 1);
    }
}
