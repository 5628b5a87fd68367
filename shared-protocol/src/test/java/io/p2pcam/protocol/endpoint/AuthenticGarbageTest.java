package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.SessionPacket;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Garbage inside authentic session packets (docs/PROTOCOL.md §10.2, §10.6, §10.7), each way: an
 * admitted viewer sending random MEDIA, MEDIA_FEEDBACK and MEDIA_RETRANSMISSION bodies to the
 * camera, and a camera sending random RTCP, random sound and random H.264 with jumping sequence
 * numbers and timestamps to its viewer. The receiver reads every one of them without throwing,
 * and the honest party beside the attacker is served as before (invariant 4).
 */
class AuthenticGarbageTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress MALLORY = address("192.0.2.66", 50066);
    private static final long SSRC = 0x2222_2222L;
    private static final int RTP_PAYLOAD = SessionPacket.MAX_BODY - 12;
    private final EndpointWorld world = new EndpointWorld(4);
    private final SplittableRandom random = new SplittableRandom(48);

    private static byte[] picture(int sequence) {
        return RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, SSRC, new byte[] {0x65, 1}));
    }

    /** Random bytes, often starting like the real thing (RTCP version 2 / an RTP header) so that parsers go deep. */
    private byte[] garbage() {
        return garbage(SessionPacket.MAX_BODY);
    }

    /** As {@link #garbage()}, at most {@code most} bytes (an RTP payload: the body less its header). */
    private byte[] garbage(int most) {
        byte[] body = new byte[random.nextInt(most + 1)];
        random.nextBytes(body);
        if (body.length > 1 && random.nextBoolean()) {
            body[0] = (byte) (0x80 | (body[0] & 0x3f));
            body[1] = (byte) (200 + random.nextInt(8));
        }
        return body;
    }

    @Test
    void aViewerSendingRandomMediaFeedbackAndRetransmissionsCostsTheOtherViewerNothing() {
        world.viewer(ALICE);
        ViewerEndpoint mallory = world.viewer(MALLORY);
        world.advance(300);
        int picture = 1;
        world.sendMedia(picture(picture++));

        for (int i = 0; i < 6_000; i++) {
            byte[] body = garbage();
            switch (i % 3) {
                case 0 -> mallory.session().sendMedia(body, world.now);
                case 1 -> mallory.session().sendFeedback(body, world.now);
                default -> mallory.session().sendRetransmission(body, world.now);
            }
            mallory.handleTimeout(world.now); // moves what the session sealed to the wire
            world.flush();
            if (i % 60 == 0) {
                world.advance(10);
                world.sendMedia(picture(picture++));
            }
        }
        world.advance(500);

        assertThat(world.camera.viewers()).isEqualTo(2);
        assertThat(world.pictures(ALICE)).hasSize(picture - 1).endsWith((long) picture - 1);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)).isEmpty();
    }

    @Test
    void aCameraSendingRandomRtcpSoundAndVideoLeavesItsViewerLiveAndReadingOn() {
        world.viewer(ALICE);
        world.advance(300);
        int sequence = 1;
        long timestamp = 3000;

        for (int i = 0; i < 6_000; i++) {
            switch (i % 3) {
                case 0 -> world.camera.sendAudioReport(garbage(), world.now);
                case 1 -> {
                    byte[] payload = garbage(RTP_PAYLOAD);
                    world.camera.sendAudio(
                            new RtpPacket(
                                    OpusRtp.PAYLOAD_TYPE,
                                    random.nextBoolean(),
                                    random.nextInt(1 << 16),
                                    random.nextLong(1L << 32),
                                    random.nextLong(1L << 32),
                                    payload),
                            world.now);
                }
                default -> {
                    // H.264 of any NAL type (STAP-A and FU-A with broken lengths and flags among them);
                    // sequence numbers and timestamps that mostly run on, and now and then jump anywhere.
                    byte[] payload = garbage(RTP_PAYLOAD);
                    if (payload.length == 0) {
                        payload = new byte[] {0};
                    }
                    payload[0] = (byte) (payload[0] & 0x9f | 0x60);
                    sequence = random.nextInt(50) == 0 ? random.nextInt(1 << 16) : sequence + 1;
                    timestamp = random.nextInt(50) == 0 ? random.nextLong(1L << 32) : timestamp + random.nextInt(3000);
                    world.sendMedia(RtpCodec.encode(new RtpPacket(
                            96, random.nextBoolean(), sequence & 0xffff, timestamp & 0xffffffffL, SSRC, payload)));
                }
            }
            world.flush();
            if (i % 60 == 0) {
                world.advance(10);
            }
        }
        world.advance(500);

        assertThat(world.viewerEvents(ALICE, ViewerEvent.Failed.class)).isEmpty();
        assertThat(world.camera.viewers()).isEqualTo(1);
        assertThat(world.viewerEvents(ALICE, ViewerEvent.Video.class)).isNotEmpty();
    }
}
