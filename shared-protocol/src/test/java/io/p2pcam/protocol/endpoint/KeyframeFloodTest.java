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
 * Several admitted viewers asking for keyframes together, each within its own budget (one ask a
 * second, staggered: docs/PROTOCOL.md §10.6). Their asks for one stream are coalesced: the stream
 * is keyed about once a second however many ask, not at the encoder's spacing (four a second),
 * and an honest viewer that lost a picture or just joined still gets its keyframe within about a
 * second, however many asks the others make.
 */
class KeyframeFloodTest {
    private static final InetSocketAddress ALICE = address("192.0.2.21", 50001);
    private static final InetSocketAddress BOB = address("192.0.2.22", 50002);
    private static final int ABUSERS = 8;
    private static final long MAIN_SSRC = 0x1111_1111L;
    private static final long FRAME_MILLIS = 33;
    private static final long FLOOD_MILLIS = 10_000;
    private static final byte[] PLI = RtcpCodec.encode(new RtcpPacket.Pli(0x6666_6666L, 0));

    private final EndpointWorld world = new EndpointWorld(ABUSERS + 2);
    private final Encoder encoder = new Encoder();
    private final List<ViewerEndpoint> abusers = new ArrayList<>();
    private ViewerEndpoint alice;

    /**
     * The camera's main encoder as far as keyframes go, driven by the endpoint's events as the
     * reference camera's is: a picture every {@value #FRAME_MILLIS} ms (one RTP packet each,
     * numbered by its sequence number), an IDR when one was asked for (an admission or a
     * KeyframeRequested) and the last IDR is {@value #ENCODER_SPACING_MILLIS} ms old (the
     * encoder's own spacing, EncoderLoop.MIN_FORCED_KEYFRAME_SPACING), else a predicted picture.
     */
    private final class Encoder {
        static final long ENCODER_SPACING_MILLIS = 250;
        private final List<Long> idrs = new ArrayList<>();
        private final List<Integer> idrNumbers = new ArrayList<>();
        private int eventsRead;
        private boolean asked = true; // the first picture of a started encoder is a keyframe
        private long lastIdr = Long.MIN_VALUE / 2;
        private int sequence;
        private long nextFrame = world.now;

        void encodeUntil(long until) {
            while (nextFrame <= until) {
                world.runUntil(nextFrame);
                encodeOne();
                nextFrame += FRAME_MILLIS;
            }
            world.runUntil(until);
        }

        private void encodeOne() {
            for (; eventsRead < world.cameraEvents.size(); eventsRead++) {
                CameraEvent event = world.cameraEvents.get(eventsRead);
                asked |= event instanceof CameraEvent.ViewerAdmitted
                        || event instanceof CameraEvent.KeyframeRequested request
                                && request.stream() == VideoStream.MAIN;
            }
            boolean idr = asked && world.now - lastIdr >= ENCODER_SPACING_MILLIS;
            sequence++;
            if (idr) {
                asked = false;
                lastIdr = world.now;
                idrs.add(world.now);
                idrNumbers.add(sequence);
            }
            byte[] picture = {(byte) (idr ? 0x65 : 0x41), 1};
            world.sendMedia(RtpCodec.encode(new RtpPacket(96, true, sequence, sequence * 3000L, MAIN_SSRC, picture)));
        }

        long idrsBetween(long from, long to) {
            return idrs.stream().filter(at -> at >= from && at < to).count();
        }

        /** When the first IDR at or after {@code from} was encoded (and sent). */
        long firstIdrAfter(long from) {
            return idrs.stream().filter(at -> at >= from).findFirst().orElseThrow();
        }

        int numberOf(long idrAt) {
            return idrNumbers.get(idrs.indexOf(idrAt));
        }
    }

    /** Alice and the abusers live on the main stream, pictures flowing. */
    private void everyoneLive() {
        alice = world.viewer(ALICE);
        encoder.encodeUntil(world.now + 300);
        for (int i = 0; i < ABUSERS; i++) {
            abusers.add(world.viewer(address("198.18.0." + (10 + i), 51000 + i)));
            encoder.encodeUntil(world.now + 300);
        }
        for (ViewerEndpoint abuser : abusers) {
            assertThat(abuser.session().path()).isNotNull();
        }
        encoder.encodeUntil(world.now + 2_000); // the admissions' keyframes are behind us
    }

    /**
     * From now on for {@code millis}: abuser i sends a PLI at i/8 s into every second (each one a
     * second apart, within its own budget), pictures flowing; {@code during} runs at its time.
     */
    private void flood(long millis, long duringAt, Runnable during) {
        long start = world.now;
        long step = 1_000 / ABUSERS;
        boolean done = false;
        for (long at = start; at < start + millis; at += step) {
            encoder.encodeUntil(at);
            if (!done && at >= duringAt) {
                during.run();
                done = true;
            }
            ViewerEndpoint abuser = abusers.get((int) ((at - start) / step) % ABUSERS);
            abuser.session().sendFeedback(PLI, world.now);
            abuser.handleTimeout(world.now); // sends what the session sealed
            world.flush();
        }
        encoder.encodeUntil(start + millis);
    }

    @Test
    void eightViewersEachAskingOnceASecondKeyTheStreamAboutOnceASecondNotFourTimes() {
        everyoneLive();
        long start = world.now;

        flood(FLOOD_MILLIS, Long.MAX_VALUE, () -> {});

        List<CameraEvent.ViewerAdmitted> admitted = world.cameraEvents(CameraEvent.ViewerAdmitted.class);
        for (CameraEvent.ViewerAdmitted abuser : admitted.subList(1, admitted.size())) {
            assertThat(world.camera.link(abuser.sessionId()).plisReceived()).isGreaterThanOrEqualTo(10);
        }
        assertThat(encoder.idrsBetween(start, start + FLOOD_MILLIS))
                .as("forced IDRs in 10 s: one a second, and the first at once")
                .isBetween(9L, 11L);
    }

    /** Everyone live, then the flood for 10 s with {@code honest} done 5 s into it; returns when it was done. */
    private long amidTheFlood(Runnable honest) {
        everyoneLive();
        long[] doneAt = new long[1];
        flood(FLOOD_MILLIS, world.now + 5_017, () -> {
            doneAt[0] = world.now;
            honest.run();
        });
        return doneAt[0];
    }

    @Test
    void anHonestViewerThatLostAPictureAmidTheFloodGetsAKeyframeWithinASecond() {
        long askedAt = amidTheFlood(() -> {
            alice.requestKeyframe(world.now);
            world.flush();
        });

        long served = encoder.firstIdrAfter(askedAt);
        assertThat(served - askedAt)
                .as("the next coalesced ask, a second after the last at most, then the next picture")
                .isLessThanOrEqualTo(ForcedKeyframes.SPACING_MILLIS + FRAME_MILLIS);
        assertThat(world.pictures(ALICE)).contains((long) encoder.numberOf(served));
    }

    @Test
    void anHonestViewerJoiningAmidTheFloodStartsWithinASecond() {
        long joinedAt = amidTheFlood(() -> world.viewer(BOB));

        long firstPicture = encoder.firstIdrAfter(joinedAt);
        assertThat(firstPicture - joinedAt).isLessThanOrEqualTo(ForcedKeyframes.SPACING_MILLIS + FRAME_MILLIS);
        assertThat(world.pictures(BOB)).first().isEqualTo((long) encoder.numberOf(firstPicture));
    }
}
