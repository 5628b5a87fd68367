package io.p2pcam.protocol.media;

import static io.p2pcam.protocol.media.MediaFixtures.PAYLOAD_TYPE;
import static io.p2pcam.protocol.media.MediaFixtures.SSRC;
import static io.p2pcam.protocol.media.MediaFixtures.depacketize;
import static io.p2pcam.protocol.media.MediaFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.DropReason;
import io.p2pcam.protocol.media.DepacketizerEvent.DroppedPacket;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.LossReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reassembly, loss and reordering. The reorder window is {@link DepacketizerConfig#DEFAULTS}'s
 * four packets: a packet arriving one position late is put back in place, not reported.
 */
class H264DepacketizerTest {

    /** RTP header plus ten bytes of payload, so small NAL units already need several packets. */
    private static final PacketizerConfig TINY = new PacketizerConfig(22, true);

    private final Random random = new Random(7);
    private final H264Depacketizer depacketizer = new H264Depacketizer();

    private static RtpPacket packet(int sequenceNumber, long timestamp, boolean marker, String payload) {
        return new RtpPacket(PAYLOAD_TYPE, marker, sequenceNumber, timestamp, SSRC, hex(payload));
    }

    private static AccessUnit accessUnit(long timestamp, boolean keyframe, List<byte[]> nalUnits) {
        return new AccessUnit(timestamp, keyframe, AnnexB.join(nalUnits));
    }

    private static void assertEvents(List<DepacketizerEvent> actual, DepacketizerEvent... expected) {
        assertThat(actual).containsExactly(expected);
    }

    private List<byte[]> keyframe() {
        return List.of(hex("6742001f"), hex("68ce3c80"), MediaFixtures.nalUnit(0x65, 60, random));
    }

    private List<byte[]> slices(int count) {
        List<byte[]> nalUnits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nalUnits.add(MediaFixtures.nalUnit(0x41, 30, random));
        }
        return nalUnits;
    }

    @Test
    void emitsASingleNalUnitAccessUnitInAnnexBForm() {
        var events = depacketize(depacketizer, List.of(packet(5, 3000, true, "419a0203")), false);

        assertEvents(events, new AccessUnit(3000, false, hex("00000001 419a0203")));
    }

    @Test
    void reassemblesStapAAndFuAIntoAKeyframe() {
        List<byte[]> keyframe = keyframe();
        List<RtpPacket> packets = MediaFixtures.flatten(MediaFixtures.packetize(List.of(keyframe), 100, TINY));

        assertEvents(
                depacketize(depacketizer, packets, false), accessUnit(MediaFixtures.timestampOf(0), true, keyframe));
    }

    @Test
    void reassemblesAnAccessUnitSpanningTheSequenceNumberWrap() {
        List<byte[]> slices = slices(2);
        List<RtpPacket> packets = MediaFixtures.flatten(MediaFixtures.packetize(List.of(slices), 65530, TINY));

        assertThat(packets.getFirst().sequenceNumber()).isEqualTo(65530);
        assertThat(packets.getLast().sequenceNumber()).isLessThan(65530);
        assertEvents(
                depacketize(depacketizer, packets, false), accessUnit(MediaFixtures.timestampOf(0), false, slices));
    }

    @Test
    void reportsAnAccessUnitWithAPacketLostAtTheWrapAsIncomplete() {
        List<List<byte[]>> accessUnits = List.of(slices(2), slices(1));
        List<RtpPacket> packets =
                new ArrayList<>(MediaFixtures.flatten(MediaFixtures.packetize(accessUnits, 65530, TINY)));
        packets.removeIf(p -> p.sequenceNumber() == 65535);

        assertEvents(
                depacketize(depacketizer, packets, true),
                new IncompleteAccessUnit(MediaFixtures.timestampOf(0), LossReason.SEQUENCE_GAP),
                accessUnit(MediaFixtures.timestampOf(1), false, accessUnits.get(1)));
    }

    @Test
    void putsAPacketOnePositionLateBackInPlace() {
        List<byte[]> slices = slices(2);
        List<RtpPacket> packets =
                new ArrayList<>(MediaFixtures.flatten(MediaFixtures.packetize(List.of(slices), 0, TINY)));
        packets.add(2, packets.remove(1));

        assertEvents(
                depacketize(depacketizer, packets, false), accessUnit(MediaFixtures.timestampOf(0), false, slices));
    }

    @Test
    void reportsReorderingBeyondTheWindowAsLossAndDropsTheLatePacket() {
        H264Depacketizer strict = new H264Depacketizer(new DepacketizerConfig(0, 1 << 20));
        List<byte[]> slices = slices(1);
        List<RtpPacket> packets =
                new ArrayList<>(MediaFixtures.flatten(MediaFixtures.packetize(List.of(slices), 0, TINY)));
        packets.add(2, packets.remove(1));

        assertEvents(
                depacketize(strict, packets, false),
                new DroppedPacket(1, DropReason.STALE),
                new IncompleteAccessUnit(MediaFixtures.timestampOf(0), LossReason.SEQUENCE_GAP));
    }

    static Stream<Arguments> arrivalsInAWindowOfTwo() {
        return Stream.of(
                Arguments.of(
                        List.of(0, 2, 3, 1, 4, 5),
                        List.of(new AccessUnit(
                                3000,
                                false,
                                hex("00000001 4100 00000001 4101 00000001 4102"
                                        + "00000001 4103 00000001 4104 00000001 4105")))),
                Arguments.of(
                        List.of(0, 2, 3, 4, 1, 5),
                        List.of(
                                new DroppedPacket(1, DropReason.STALE),
                                new IncompleteAccessUnit(3000, LossReason.SEQUENCE_GAP))));
    }

    @ParameterizedTest(name = "arrival order {0}")
    @MethodSource("arrivalsInAWindowOfTwo")
    void waitsForAMissingPacketUntilMoreThanTheWindowHaveArrivedAfterIt(
            List<Integer> arrivalOrder, List<DepacketizerEvent> expected) {
        H264Depacketizer windowOfTwo = new H264Depacketizer(new DepacketizerConfig(2, 1 << 20), 0);
        List<RtpPacket> arrivals = arrivalOrder.stream()
                .map(seq -> packet(seq, 3000, seq == 5, "410" + seq))
                .toList();

        assertThat(depacketize(windowOfTwo, arrivals, false)).isEqualTo(expected);
    }

    @Test
    void ignoresDuplicatesWhetherAlreadyDeliveredOrStillHeld() {
        List<byte[]> slices = slices(1);
        List<RtpPacket> p = MediaFixtures.flatten(MediaFixtures.packetize(List.of(slices), 0, TINY));
        // 0, 0 (delivered twice), 2 (held), 2 (held twice), 1, 3, ...
        List<RtpPacket> arrivals = new ArrayList<>(List.of(p.get(0), p.get(0), p.get(2), p.get(2), p.get(1)));
        arrivals.addAll(p.subList(3, p.size()));

        assertEvents(
                depacketize(depacketizer, arrivals, false),
                new DroppedPacket(0, DropReason.STALE),
                new DroppedPacket(2, DropReason.DUPLICATE),
                accessUnit(MediaFixtures.timestampOf(0), false, slices));
    }

    @Test
    void completesAnAccessUnitWithoutMarkerWhenTheNextTimestampFollowsWithoutGap() {
        var events = depacketize(
                depacketizer, List.of(packet(1, 3000, false, "4101"), packet(2, 6000, true, "4102")), false);

        assertEvents(
                events,
                new AccessUnit(3000, false, hex("00000001 4101")),
                new AccessUnit(6000, false, hex("00000001 4102")));
    }

    @Test
    void reportsBothNeighboursWhenPacketsAreMissingAtATimestampChange() {
        var events =
                depacketize(depacketizer, List.of(packet(1, 3000, false, "4101"), packet(3, 6000, true, "4102")), true);

        assertEvents(
                events,
                new IncompleteAccessUnit(3000, LossReason.SEQUENCE_GAP),
                new IncompleteAccessUnit(6000, LossReason.SEQUENCE_GAP));
    }

    @Test
    void reportsAnAccessUnitStillWaitingForItsMarkerOnFlush() {
        depacketizer.receive(packet(1, 3000, false, "6501"));

        assertThat(MediaFixtures.drain(depacketizer)).isEmpty();
        depacketizer.flush();
        assertEvents(MediaFixtures.drain(depacketizer), new IncompleteAccessUnit(3000, LossReason.END_NOT_SEEN));
    }

    @Test
    void continuesTheStreamAfterAFlush() {
        depacketize(depacketizer, List.of(packet(1, 3000, false, "6501")), true);

        assertEvents(
                depacketize(depacketizer, List.of(packet(2, 6000, true, "4101")), false),
                new AccessUnit(6000, false, hex("00000001 4101")));
    }

    static Stream<Arguments> brokenAccessUnits() {
        return Stream.of(
                Arguments.of(
                        "FU-A middle without its start",
                        List.of("7c05aa", "7c45bb"),
                        LossReason.FRAGMENT_WITHOUT_START),
                Arguments.of(
                        "FU-A start, then a new NAL unit", List.of("7c85aa", "4101"), LossReason.FRAGMENT_WITHOUT_END),
                Arguments.of(
                        "FU-A start, then another start",
                        List.of("7c85aa", "7c85bb", "7c45cc"),
                        LossReason.FRAGMENT_WITHOUT_END),
                Arguments.of("FU-A start as the last packet", List.of("7c85aa"), LossReason.FRAGMENT_WITHOUT_END),
                Arguments.of("FU-A with S and E set", List.of("7cc5aa"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of(
                        "FU-A types differ between fragments",
                        List.of("7c85aa", "7c41bb"),
                        LossReason.MALFORMED_PAYLOAD),
                Arguments.of("FU-A without FU header", List.of("7c"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of("STAP-A size beyond the payload", List.of("78 0004 674200"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of("STAP-A with half a size field", List.of("78 0002 6742 00"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of("STAP-A with a zero size", List.of("78 0000"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of("STAP-A without NAL units", List.of("78"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of("STAP-A holding a fragment", List.of("78 0002 7c85"), LossReason.MALFORMED_PAYLOAD),
                Arguments.of(
                        "STAP-B (interleaved mode only)",
                        List.of("79 0000 0002 4101"),
                        LossReason.UNSUPPORTED_PACKET_TYPE),
                Arguments.of(
                        "FU-B (interleaved mode only)", List.of("7d85 0000 aa"), LossReason.UNSUPPORTED_PACKET_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAccessUnits")
    void reportsABrokenAccessUnitWithItsReasonAndRecovers(String name, List<String> payloads, LossReason reason) {
        List<RtpPacket> packets = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            packets.add(packet(i, 3000, i == payloads.size() - 1, payloads.get(i)));
        }
        packets.add(packet(payloads.size(), 6000, true, "6501"));

        assertEvents(
                depacketize(depacketizer, packets, false),
                new IncompleteAccessUnit(3000, reason),
                new AccessUnit(6000, true, hex("00000001 6501")));
    }

    @Test
    void ignoresReservedNalTypesAndPacketsWithoutMedia() {
        var events = depacketize(
                depacketizer,
                List.of(
                        packet(1, 3000, false, "00ff"),
                        packet(2, 3000, false, "1eff"),
                        packet(3, 3000, false, ""),
                        packet(4, 3000, true, "4101"),
                        packet(5, 6000, true, "")),
                false);

        assertEvents(events, new AccessUnit(3000, false, hex("00000001 4101")));
    }

    @Test
    void reportsAnAccessUnitLargerThanTheLimitAndKeepsGoing() {
        H264Depacketizer bounded = new H264Depacketizer(new DepacketizerConfig(4, 100));
        List<byte[]> big = List.of(MediaFixtures.nalUnit(0x65, 97, random));
        List<byte[]> fits = List.of(MediaFixtures.nalUnit(0x41, 96, random));
        List<RtpPacket> packets = MediaFixtures.flatten(MediaFixtures.packetize(List.of(big, fits), 0, TINY));

        assertEvents(
                depacketize(bounded, packets, false),
                new IncompleteAccessUnit(MediaFixtures.timestampOf(0), LossReason.TOO_LARGE),
                accessUnit(MediaFixtures.timestampOf(1), false, fits));
    }

    @Test
    void startsAfreshWhenTheSsrcChanges() {
        var events = depacketize(
                depacketizer,
                List.of(
                        packet(100, 3000, false, "6501"),
                        new RtpPacket(PAYLOAD_TYPE, true, 9, 500, SSRC + 1, hex("6502"))),
                false);

        assertEvents(
                events,
                new IncompleteAccessUnit(3000, LossReason.END_NOT_SEEN),
                new AccessUnit(500, true, hex("00000001 6502")));
    }

    @Test
    void believesASequenceJumpOnlyWhenTheNextPacketContinuesIt() {
        var events = depacketize(
                depacketizer,
                List.of(
                        packet(100, 3000, true, "4101"),
                        packet(20_000, 6000, false, "4102"),
                        packet(101, 9000, true, "4103"),
                        packet(40_000, 12000, false, "6501"),
                        packet(40_001, 12000, true, "6502")),
                false);

        assertEvents(
                events,
                new AccessUnit(3000, false, hex("00000001 4101")),
                new DroppedPacket(20_000, DropReason.SEQUENCE_JUMP),
                new AccessUnit(9000, false, hex("00000001 4103")),
                new DroppedPacket(40_000, DropReason.SEQUENCE_JUMP),
                new IncompleteAccessUnit(12000, LossReason.SEQUENCE_GAP));
    }

    @Test
    void recognisesLossOfTheVeryFirstPacketWhenTheFirstSequenceNumberIsKnown() {
        H264Depacketizer announced = new H264Depacketizer(DepacketizerConfig.DEFAULTS, 10);

        var events =
                depacketize(announced, List.of(packet(11, 3000, true, "6501"), packet(12, 6000, true, "4101")), true);

        assertEvents(
                events,
                new IncompleteAccessUnit(3000, LossReason.SEQUENCE_GAP),
                new AccessUnit(6000, false, hex("00000001 4101")));
    }

    @Test
    void putsTheFirstTwoPacketsBackInOrderWhenTheFirstSequenceNumberIsKnown() {
        H264Depacketizer announced = new H264Depacketizer(DepacketizerConfig.DEFAULTS, 10);

        var events = depacketize(
                announced, List.of(packet(11, 3000, true, "7c45bb"), packet(10, 3000, false, "7c85aa")), false);

        assertEvents(events, new AccessUnit(3000, true, hex("00000001 65aabb")));
    }

    @Test
    void startsTheStreamAtTheFirstPacketReceivedWhenNoFirstSequenceNumberIsKnown() {
        var events = depacketize(
                depacketizer, List.of(packet(11, 3000, true, "7c45bb"), packet(10, 3000, false, "7c85aa")), false);

        assertEvents(
                events,
                new IncompleteAccessUnit(3000, LossReason.FRAGMENT_WITHOUT_START),
                new DroppedPacket(10, DropReason.STALE));
    }

    @Test
    void dropsAPacketFromLongAgoAsStale() {
        var events =
                depacketize(depacketizer, List.of(packet(100, 3000, true, "4101"), packet(50, 0, true, "4100")), false);

        assertEvents(
                events, new AccessUnit(3000, false, hex("00000001 4101")), new DroppedPacket(50, DropReason.STALE));
    }
}
