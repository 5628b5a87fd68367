package io.p2pcam.protocol.media;

import static io.p2pcam.protocol.media.MediaFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class H264PacketizerTest {

    private static final byte[] SPS = hex("6742001f");
    private static final byte[] PPS = hex("68ce3c80");
    /** RTP header plus ten bytes of payload: eight bytes of NAL unit per FU-A. */
    private static final PacketizerConfig TINY = new PacketizerConfig(22, true);

    private final Random random = new Random(42);

    private static H264Packetizer packetizer(int firstSequenceNumber, PacketizerConfig config) {
        return new H264Packetizer(MediaFixtures.SSRC, MediaFixtures.PAYLOAD_TYPE, firstSequenceNumber, config);
    }

    @Test
    void sendsANalUnitThatFitsAsASingleNalUnitPacket() {
        byte[] slice = hex("41 9a 02 03");

        List<RtpPacket> packets = packetizer(7, PacketizerConfig.DEFAULTS).packetize(List.of(slice), 90_000);

        assertThat(packets)
                .containsExactly(new RtpPacket(MediaFixtures.PAYLOAD_TYPE, true, 7, 90_000, MediaFixtures.SSRC, slice));
    }

    @Test
    void fragmentsALargeNalUnitIntoFuAPacketsOfRfc6184Layout() {
        byte[] idr = hex("65 0102030405060708 090a0b0c0d0e0f10 11121314");

        List<RtpPacket> packets = packetizer(0, TINY).packetize(List.of(idr), 0);

        assertThat(packets)
                .map(p -> hex(p.payload()))
                .containsExactly("7c85" + "0102030405060708", "7c05" + "090a0b0c0d0e0f10", "7c45" + "11121314");
    }

    /** FU indicator = F|NRI of the NAL unit, type 28; FU header = S|E|R=0|NAL type (§5.8). */
    static Stream<Arguments> fuHeaders() {
        return Stream.of(
                Arguments.of("IDR slice, NRI 3", 0x65, "7c", "85", "05", "45"),
                Arguments.of("non-IDR slice, NRI 2", 0x41, "5c", "81", "01", "41"),
                Arguments.of("non-IDR slice, NRI 0", 0x01, "1c", "81", "01", "41"),
                Arguments.of("SEI, NRI 0", 0x06, "1c", "86", "06", "46"),
                Arguments.of("forbidden bit set is copied", 0xe5, "fc", "85", "05", "45"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fuHeaders")
    void writesFuIndicatorAndHeaderBitsFromTheNalHeader(
            String name, int nalHeader, String indicator, String start, String middle, String end) {
        byte[] nalUnit = MediaFixtures.nalUnit(nalHeader, 1 + 3 * 8, random);

        List<RtpPacket> packets = packetizer(0, TINY).packetize(List.of(nalUnit), 0);

        assertThat(packets)
                .map(p -> hex(new byte[] {p.payload()[0], p.payload()[1]}))
                .containsExactly(indicator + start, indicator + middle, indicator + end);
    }

    @Test
    void aggregatesParameterSetsIntoOneStapAAheadOfTheSlice() {
        byte[] idr = MediaFixtures.nalUnit(0x65, 2000, random);

        List<RtpPacket> packets = packetizer(0, PacketizerConfig.DEFAULTS).packetize(List.of(SPS, PPS, idr), 0);

        assertThat(hex(packets.getFirst().payload())).isEqualTo("78" + "0004" + "6742001f" + "0004" + "68ce3c80");
        assertThat(packets).hasSize(3);
        assertThat(packets.get(1).payload()[0]).isEqualTo((byte) 0x7c);
    }

    @Test
    void givesAStapATheHighestNriAndTheOredForbiddenBit() {
        List<RtpPacket> packets =
                packetizer(0, PacketizerConfig.DEFAULTS).packetize(List.of(hex("0601"), hex("4102"), hex("8103")), 0);

        assertThat(hex(packets.getFirst().payload()))
                .isEqualTo("d8" + "0002" + "0601" + "0002" + "4102" + "0002" + "8103");
    }

    @Test
    void sendsParameterSetsSeparatelyWhenAggregationIsOff() {
        List<RtpPacket> packets =
                packetizer(0, new PacketizerConfig(1100, false)).packetize(List.of(SPS, PPS), 0);

        assertThat(packets).map(p -> hex(p.payload())).containsExactly("6742001f", "68ce3c80");
    }

    @Test
    void sendsANalUnitOfExactlyTheMaximumPayloadWhole() {
        PacketizerConfig config = PacketizerConfig.DEFAULTS;
        byte[] fits = MediaFixtures.nalUnit(0x41, config.maxPayloadSize(), random);
        byte[] tooBig = MediaFixtures.nalUnit(0x41, config.maxPayloadSize() + 1, random);

        assertThat(packetizer(0, config).packetize(List.of(fits), 0))
                .hasSize(1)
                .allSatisfy(p -> assertThat(p.encodedLength()).isEqualTo(config.maxPacketSize()));
        assertThat(packetizer(0, config).packetize(List.of(tooBig), 0)).hasSize(2);
    }

    @Test
    void marksOnlyTheLastPacketOfAnAccessUnit() {
        byte[] idr = MediaFixtures.nalUnit(0x65, 5000, random);

        List<RtpPacket> packets = packetizer(0, PacketizerConfig.DEFAULTS).packetize(List.of(SPS, PPS, idr), 0);

        assertThat(packets).map(RtpPacket::marker).last().isEqualTo(true);
        assertThat(packets.subList(0, packets.size() - 1)).noneMatch(RtpPacket::marker);
    }

    @Test
    void numbersPacketsConsecutivelyAcrossAccessUnitsAndWrapsAt65535() {
        H264Packetizer packetizer = packetizer(65533, TINY);
        byte[] slice = MediaFixtures.nalUnit(0x41, 1 + 3 * 8, random);

        List<RtpPacket> first = packetizer.packetize(List.of(slice), 0);
        List<RtpPacket> second = packetizer.packetize(List.of(hex("4101")), 3000);

        assertThat(first).map(RtpPacket::sequenceNumber).containsExactly(65533, 65534, 65535);
        assertThat(second).map(RtpPacket::sequenceNumber).containsExactly(0);
        assertThat(packetizer.nextSequenceNumber()).isEqualTo(1);
    }

    @Test
    void refusesAccessUnitsItCannotSend() {
        H264Packetizer packetizer = packetizer(0, PacketizerConfig.DEFAULTS);

        assertThatThrownBy(() -> packetizer.packetize(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packetizer.packetize(List.of(new byte[0]), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packetizer.packetize(List.of(hex("7c85")), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packetizer.packetize(List.of(hex("0001")), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMaximumPacketSizeWithNoRoomForAFragment() {
        assertThatThrownBy(() -> new PacketizerConfig(PacketizerConfig.MIN_PACKET_SIZE - 1, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
