package io.p2pcam.protocol.media;

import static io.p2pcam.protocol.media.MediaFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.MalformedRtpException.Reason;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpCodecTest {

    /** Packets and their bytes, laid out by hand from RFC 3550 §5.1, Figure 1. */
    static Stream<Arguments> goldenPackets() {
        return Stream.of(
                Arguments.of(
                        "V=2, M=1, PT=96, one payload byte",
                        "80 e0 1234 deadbeef 01020304 ab",
                        new RtpPacket(96, true, 0x1234, 0xDEADBEEFL, 0x01020304L, hex("ab"))),
                Arguments.of(
                        "all-ones fields, no marker, empty payload",
                        "80 7f ffff 00000000 ffffffff",
                        new RtpPacket(127, false, 0xFFFF, 0, 0xFFFF_FFFFL, new byte[0])),
                Arguments.of(
                        "two CSRCs counted in CC",
                        "82 00 0001 00000001 00000002 0000000a 0000000b cafe",
                        new RtpPacket(0, false, 1, 1, 2, List.of(10L, 11L), hex("cafe"))),
                Arguments.of(
                        "an FU-A start fragment one second into the stream",
                        "80 60 0000 00015f90 12345678 7c85 00",
                        new RtpPacket(96, false, 0, 90_000, 0x12345678L, hex("7c 85 00"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPackets")
    void encodesTheFixedHeaderAsLaidOutInRfc3550(String name, String bytes, RtpPacket packet) {
        assertThat(hex(RtpCodec.encode(packet))).isEqualTo(hex(hex(bytes)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPackets")
    void decodesTheFixedHeaderAsLaidOutInRfc3550(String name, String bytes, RtpPacket packet)
            throws MalformedRtpException {
        assertThat(RtpCodec.decode(hex(bytes))).isEqualTo(packet);
    }

    /** Extensions and padding are read but never written, so these only decode. */
    static Stream<Arguments> decodeOnlyPackets() {
        return Stream.of(
                Arguments.of(
                        "header extension of one word is skipped",
                        "90 60 0007 00000000 00000001 bede 0001 11223344 5566",
                        List.of(),
                        "5566"),
                Arguments.of(
                        "padding of three bytes is removed",
                        "a0 60 0007 00000000 00000001 0102 000003",
                        List.of(),
                        "0102"),
                Arguments.of(
                        "padding may take the whole payload", "a0 60 0007 00000000 00000001 000003", List.of(), ""),
                Arguments.of(
                        "CSRC, empty extension and one byte of padding together",
                        "b1 60 0007 00000000 00000001 0000000b bede 0000 ff 01",
                        List.of(11L),
                        "ff"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeOnlyPackets")
    void decodesPacketsWithExtensionAndPadding(String name, String bytes, List<Long> csrcs, String payload)
            throws MalformedRtpException {
        RtpPacket packet = RtpCodec.decode(hex(bytes));

        assertThat(packet.csrcs()).isEqualTo(csrcs);
        assertThat(hex(packet.payload())).isEqualTo(payload);
        assertThat(packet.sequenceNumber()).isEqualTo(7);
        assertThat(packet.ssrc()).isEqualTo(1);
    }

    static Stream<Arguments> malformedPackets() {
        return Stream.of(
                Arguments.of("empty datagram", "", Reason.TOO_SHORT),
                Arguments.of("eleven bytes", "80 e0 1234 deadbeef 010203", Reason.TOO_SHORT),
                Arguments.of("version 0", "00 e0 1234 deadbeef 01020304", Reason.BAD_VERSION),
                Arguments.of("version 1", "40 e0 1234 deadbeef 01020304", Reason.BAD_VERSION),
                Arguments.of("version 3", "c0 e0 1234 deadbeef 01020304", Reason.BAD_VERSION),
                Arguments.of(
                        "CC=15 with one CSRC present", "8f e0 1234 deadbeef 01020304 00000001", Reason.BAD_CSRC_COUNT),
                Arguments.of("CSRC cut short", "81 e0 1234 deadbeef 01020304 000000", Reason.BAD_CSRC_COUNT),
                Arguments.of(
                        "X set without an extension header",
                        "90 e0 1234 deadbeef 01020304 bede",
                        Reason.BAD_EXTENSION_LENGTH),
                Arguments.of(
                        "extension longer than the packet",
                        "90 e0 1234 deadbeef 01020304 bede 0002 11223344",
                        Reason.BAD_EXTENSION_LENGTH),
                Arguments.of("P set on a bare header", "a0 e0 1234 deadbeef 01020304", Reason.BAD_PADDING),
                Arguments.of("padding count zero", "a0 e0 1234 deadbeef 01020304 0102 00", Reason.BAD_PADDING),
                Arguments.of(
                        "padding count beyond the payload", "a0 e0 1234 deadbeef 01020304 0102 04", Reason.BAD_PADDING),
                Arguments.of(
                        "padding reaching into the extension",
                        "b0 e0 1234 deadbeef 01020304 bede 0000 02",
                        Reason.BAD_PADDING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPackets")
    void rejectsMalformedBytesWithTheirReason(String name, String bytes, Reason reason) {
        assertThatThrownBy(() -> RtpCodec.decode(hex(bytes)))
                .isInstanceOf(MalformedRtpException.class)
                .extracting(e -> ((MalformedRtpException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void encodesIntoAnArrayAtAnOffsetAndReturnsTheLength() {
        RtpPacket packet = new RtpPacket(96, true, 0x1234, 0xDEADBEEFL, 0x01020304L, hex("ab"));
        byte[] destination = new byte[20];

        int written = RtpCodec.encode(packet, destination, 3);

        assertThat(written).isEqualTo(13).isEqualTo(packet.encodedLength());
        assertThat(hex(destination)).isEqualTo("000000" + "80e01234deadbeef01020304ab" + "00000000");
    }

    @Test
    void encodesIntoABufferAndAdvancesItsPosition() {
        RtpPacket packet = new RtpPacket(96, false, 1, 2, 3, hex("0102"));
        ByteBuffer out = ByteBuffer.allocate(32).position(4);

        RtpCodec.encode(packet, out);

        assertThat(out.position()).isEqualTo(4 + 14);
    }

    @Test
    void refusesABufferTooSmallWithoutWritingAnything() {
        RtpPacket packet = new RtpPacket(96, false, 1, 2, 3, hex("0102"));
        ByteBuffer out = ByteBuffer.allocate(13);

        assertThatThrownBy(() -> RtpCodec.encode(packet, out)).isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
    }

    @Test
    void decodesFromAnOffsetAndCopiesThePayload() throws MalformedRtpException {
        byte[] datagram = hex("ffff 80e01234deadbeef01020304ab ffff");

        RtpPacket packet = RtpCodec.decode(datagram, 2, 13);
        datagram[14] = 0;

        assertThat(hex(packet.payload())).isEqualTo("ab");
    }

    @Test
    void decodesTheRemainingBytesOfABufferWhateverItsByteOrder() throws MalformedRtpException {
        ByteBuffer datagram = ByteBuffer.wrap(hex("ffff 80e01234deadbeef01020304ab"))
                .order(ByteOrder.LITTLE_ENDIAN)
                .position(2);

        assertThat(RtpCodec.decode(datagram).sequenceNumber()).isEqualTo(0x1234);
        assertThat(datagram.hasRemaining()).isFalse();
    }

    @Test
    void packetsRejectFieldsOutsideTheirWireRanges() {
        assertThatThrownBy(() -> new RtpPacket(128, false, 0, 0, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(0, false, 0x10000, 0, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(0, false, 0, 1L << 32, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(0, false, 0, 0, -1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPacket(0, false, 0, 0, 0, Collections.nCopies(16, 1L), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
