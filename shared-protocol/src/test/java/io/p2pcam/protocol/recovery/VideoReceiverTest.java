package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.LossReason;
import io.p2pcam.protocol.media.H264Packetizer;
import io.p2pcam.protocol.media.PacketizerConfig;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import io.p2pcam.protocol.testing.SpsBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The viewer's receive pipeline on a manual clock (a {@code long now} moved by hand): packets in,
 * access units and feedback out, every timer through {@code nextTimeout()}.
 */
class VideoReceiverTest {
    private static final long SSRC = 0xCAFE_0001L;
    private static final long FRAME_TICKS = 3000;

    /** Small packets: a 3,000-byte slice splits into several FU-A fragments. */
    private final H264Packetizer packetizer =
            new H264Packetizer(SSRC, 96, 65_530, new PacketizerConfig(1100, true)); // wraps after 6 packets

    private final VideoReceiver receiver = new VideoReceiver(7, 0);
    private long now;
    private int frame;

    private static byte[] nal(int header, int size) {
        byte[] nal = new byte[size];
        Arrays.fill(nal, (byte) 0x11);
        nal[0] = (byte) header;
        return nal;
    }

    /** SPS, PPS and a fragmented IDR slice. */
    private List<RtpPacket> keyframe() {
        return packetizer.packetize(List.of(nal(0x67, 12), nal(0x68, 4), nal(0x65, 3000)), FRAME_TICKS * frame++);
    }

    /** A fragmented predicted slice. */
    private List<RtpPacket> predicted() {
        return packetizer.packetize(List.of(nal(0x41, 2500)), FRAME_TICKS * frame++);
    }

    private void receive(List<RtpPacket> packets) {
        packets.forEach(packet -> receiver.handlePacket(packet, now));
    }

    private List<DepacketizerEvent> accessUnits() {
        List<DepacketizerEvent> out = new ArrayList<>();
        DepacketizerEvent event;
        while ((event = receiver.pollAccessUnit()) != null) {
            out.add(event);
        }
        return out;
    }

    private List<RtcpPacket> feedback() throws MalformedRtcpException {
        List<RtcpPacket> out = new ArrayList<>();
        byte[] rtcp;
        while ((rtcp = receiver.pollFeedback()) != null) {
            out.addAll(RtcpCodec.decode(rtcp));
        }
        return out;
    }

    private List<RtcpPacket.Pli> plis() throws MalformedRtcpException {
        return feedback().stream()
                .filter(RtcpPacket.Pli.class::isInstance)
                .map(RtcpPacket.Pli.class::cast)
                .toList();
    }

    /** Runs every timer due up to {@code until}, in order, as a runtime would. */
    private void runTimersUntil(long until) {
        while (receiver.nextTimeout() <= until) {
            now = Math.max(now, receiver.nextTimeout());
            receiver.handleTimeout(now);
        }
        now = until;
    }

    @Test
    void aKeyframeAndThePicturesAfterItComeOutAsAccessUnitsInOrder() throws Exception {
        receive(keyframe());
        receive(predicted());

        assertThat(accessUnits())
                .extracting(event -> ((AccessUnit) event).keyframe(), event -> ((AccessUnit) event).timestamp())
                .containsExactly(tuple(true, 0L), tuple(false, FRAME_TICKS));
        assertThat(receiver.firstUnit()).isEqualTo(VideoReceiver.FirstUnit.KEYFRAME);
        assertThat(plis()).isEmpty();
    }

    @Test
    void reorderedPacketsAreReassembledWithoutLoss() throws Exception {
        List<RtpPacket> packets = new ArrayList<>(keyframe());
        RtpPacket late = packets.remove(1);
        packets.add(2, late); // the second fragment after the third
        receive(packets);

        assertThat(accessUnits())
                .singleElement()
                .isInstanceOfSatisfying(
                        AccessUnit.class, unit -> assertThat(unit.keyframe()).isTrue());
        assertThat(receiver.stats().givenUp()).isZero();
        assertThat(plis()).isEmpty();
    }

    @Test
    void aLostPacketIsNackedAndARetransmissionCompletesItsAccessUnit() throws Exception {
        List<RtpPacket> packets = new ArrayList<>(keyframe());
        RtpPacket lost = packets.remove(1);
        receive(packets);

        assertThat(accessUnits()).isEmpty();
        assertThat(feedback())
                .filteredOn(RtcpPacket.Nack.class::isInstance)
                .singleElement()
                .isInstanceOfSatisfying(RtcpPacket.Nack.class, nack -> {
                    assertThat(nack.lost()).containsExactly(lost.sequenceNumber());
                    assertThat(nack.mediaSsrc()).isEqualTo(SSRC);
                });

        now += 30;
        receiver.handlePacket(lost, true, now);
        assertThat(accessUnits())
                .singleElement()
                .isInstanceOfSatisfying(
                        AccessUnit.class, unit -> assertThat(unit.keyframe()).isTrue());
        assertThat(receiver.stats().recovered()).isEqualTo(1);
    }

    @Test
    void aLostFragmentDropsItsAccessUnitAndAsksForAKeyframeOnceTheWaitIsOver() throws Exception {
        receive(keyframe());
        accessUnits();
        List<RtpPacket> packets = new ArrayList<>(predicted());
        packets.remove(1); // a middle fragment, never retransmitted
        receive(packets);
        receive(predicted()); // a later picture: it refers to the lost one

        assertThat(plis()).as("a NACK first, no keyframe yet").isEmpty();
        assertThat(accessUnits()).as("still waiting for the NACKed fragment").isEmpty();
        assertThat(receiver.keyframeWanted()).isFalse();

        runTimersUntil(1_000);

        List<DepacketizerEvent> events = accessUnits();
        assertThat(events.getFirst()).isEqualTo(new IncompleteAccessUnit(FRAME_TICKS, LossReason.SEQUENCE_GAP));
        assertThat(events).noneMatch(event -> event instanceof AccessUnit unit && unit.timestamp() == FRAME_TICKS);
        assertThat(receiver.stats().givenUp()).isEqualTo(1);
        assertThat(receiver.keyframeWanted()).isTrue();
        assertThat(receiver.stats().plisSent())
                .as("once when the wait ended, again every 500 ms until 1 s")
                .isBetween(1L, 2L);
    }

    @Test
    void aKeyframeRequestIsRepeatedEveryIntervalUntilAKeyframeComesAndNeverFaster() throws Exception {
        receive(keyframe());
        accessUnits();
        now = 100;
        receiver.requestKeyframe(now);
        receiver.requestKeyframe(now + 10);
        receiver.requestKeyframe(now + 200); // the decoder asking again: not another PLI yet
        assertThat(plis())
                .singleElement()
                .satisfies(pli -> assertThat(pli.mediaSsrc()).isEqualTo(SSRC));
        assertThat(receiver.nextTimeout()).isLessThanOrEqualTo(100 + VideoReceiver.KEYFRAME_RETRY_MILLIS);

        runTimersUntil(100 + VideoReceiver.KEYFRAME_RETRY_MILLIS - 1);
        assertThat(plis()).isEmpty();
        runTimersUntil(100 + VideoReceiver.KEYFRAME_RETRY_MILLIS);
        assertThat(plis()).hasSize(1);
        runTimersUntil(100 + 3 * VideoReceiver.KEYFRAME_RETRY_MILLIS);
        assertThat(plis()).hasSize(2);

        receive(keyframe());
        assertThat(receiver.keyframeWanted()).isFalse();
        runTimersUntil(10_000);
        assertThat(plis()).isEmpty();
        assertThat(receiver.stats().plisSent()).isEqualTo(4);
    }

    @Test
    void sequenceNumbersWrapAroundWithoutLoss() throws Exception {
        for (int i = 0; i < 5; i++) {
            receive(i == 0 ? keyframe() : predicted()); // starts at 65530: wraps in the first picture
            now += 33;
        }
        runTimersUntil(2_000);

        assertThat(accessUnits()).hasSize(5).allMatch(AccessUnit.class::isInstance);
        assertThat(receiver.stats().givenUp()).isZero();
        assertThat(receiver.stats().nacksSent()).isZero();
        assertThat(packetizer.nextSequenceNumber()).isLessThan(100);
    }

    @Test
    void aPredictedPictureBeforeTheFirstKeyframeIsNotDeliveredAndAsksForAKeyframe() throws Exception {
        receive(predicted());

        assertThat(accessUnits()).isEmpty();
        assertThat(receiver.skippedBeforeKeyframe()).isEqualTo(1);
        assertThat(receiver.firstUnit()).isEqualTo(VideoReceiver.FirstUnit.NOT_A_KEYFRAME);
        assertThat(plis()).hasSize(1);

        receive(keyframe());
        receive(predicted());
        assertThat(accessUnits())
                .extracting(event -> ((AccessUnit) event).keyframe())
                .containsExactly(true, false);
    }

    @Test
    void anotherStreamStartsAgainAtItsOwnKeyframe() throws Exception {
        receive(keyframe());
        accessUnits();
        H264Packetizer sub = new H264Packetizer(0x5555_0001L, 96, 9, new PacketizerConfig(1100, true));
        receive(sub.packetize(List.of(nal(0x67, 12), nal(0x68, 4), nal(0x65, 3000)), 90_000));
        receive(sub.packetize(List.of(nal(0x41, 500)), 93_000));

        assertThat(accessUnits())
                .extracting(event -> ((AccessUnit) event).keyframe())
                .containsExactly(true, false);
        assertThat(receiver.mediaSsrc()).isEqualTo(0x5555_0001L);
    }

    @Test
    void progressSaysThePictureSizeOfTheStreamReceivedNowFromItsKeyframesSps() {
        H264Packetizer sub = new H264Packetizer(0x5555_5555L, 96, 100, PacketizerConfig.DEFAULTS);
        receive(packetizer.packetize(List.of(SpsBytes.baseline(1280, 720), nal(0x68, 4), nal(0x65, 300)), 0));
        accessUnits();
        assertThat(receiver.progress().size()).isEqualTo(new PictureSize(1280, 720));

        List<RtpPacket> subKeyframe =
                sub.packetize(List.of(SpsBytes.baseline(640, 360), nal(0x68, 4), nal(0x65, 3000)), FRAME_TICKS);
        receive(subKeyframe.subList(0, 1));
        assertThat(receiver.progress().ssrc()).isEqualTo(0x5555_5555L);
        assertThat(receiver.progress().size())
                .as("a new stream's size is not the old one's: unknown until its keyframe is whole")
                .isEqualTo(PictureSize.UNKNOWN);
        receive(subKeyframe.subList(1, subKeyframe.size()));
        accessUnits();
        assertThat(receiver.progress().size()).isEqualTo(new PictureSize(640, 360));
    }
}
