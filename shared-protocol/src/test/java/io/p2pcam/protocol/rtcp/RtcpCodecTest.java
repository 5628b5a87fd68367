package io.p2pcam.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.rtcp.RtcpPacket.DelaySinceReferenceTime;
import io.p2pcam.protocol.rtcp.RtcpPacket.Nack;
import io.p2pcam.protocol.rtcp.RtcpPacket.Pli;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReceiverReport;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReferenceTime;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReportBlock;
import io.p2pcam.protocol.rtcp.RtcpPacket.SenderReport;
import io.p2pcam.protocol.rtcp.RtcpPacket.TalkRefused;
import io.p2pcam.protocol.rtcp.RtcpPacket.Unknown;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpCodecTest {
    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    /** Packets laid out by hand from RFC 3550 §6.4, RFC 4585 §6.1–6.3 and RFC 3611 §4.4–4.5. */
    static Stream<Arguments> goldenPackets() {
        return Stream.of(
                Arguments.of(
                        "PLI: FMT 1, PT 206, two SSRCs",
                        "81ce0002 11111111 22222222",
                        new Pli(0x11111111L, 0x22222222L)),
                Arguments.of(
                        "Generic NACK: 100, 101, 116 in one PID/BLP pair, 117 starts a second",
                        "81cd0004 11111111 22222222 00648001 00750000",
                        new Nack(0x11111111L, 0x22222222L, List.of(100, 101, 116, 117))),
                Arguments.of(
                        "RR with one report block",
                        "81c90007 11111111 22222222 40000005 00010010 00000020 abcd0000 00008000",
                        new ReceiverReport(
                                0x11111111L,
                                List.of(new ReportBlock(0x22222222L, 64, 5, 0x10010, 0x20, 0xABCD0000L, 0x8000)))),
                Arguments.of(
                        "SR without report blocks",
                        "80c80006 22222222 0000000a 80000000 00015f90 00000064 00002710",
                        new SenderReport(0x22222222L, 0x0000000A_80000000L, 90_000, 100, 10_000, List.of())),
                Arguments.of(
                        "XR receiver reference time",
                        "80cf0004 11111111 04000002 0000000a 80000000",
                        new ReferenceTime(0x11111111L, 0x0000000A_80000000L)),
                Arguments.of(
                        "XR DLRR with one sub-block",
                        "80cf0005 22222222 05000003 11111111 000a8000 00010000",
                        new DelaySinceReferenceTime(0x22222222L, 0x11111111L, 0x000A8000L, 0x10000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPackets")
    void encodesToTheBytesTheRfcsLayOut(String name, String bytes, RtcpPacket packet) {
        assertThat(HexFormat.of().formatHex(RtcpCodec.encode(packet))).isEqualTo(bytes.replace(" ", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPackets")
    void decodesTheRfcsLayout(String name, String bytes, RtcpPacket packet) throws Exception {
        assertThat(RtcpCodec.decode(hex(bytes))).containsExactly(packet);
    }

    @Test
    void aCompoundDecodesToEveryPacketInOrder() throws Exception {
        byte[] compound = RtcpCodec.encode(
                new ReceiverReport(1, List.of()), new ReferenceTime(1, 42), new Nack(1, 2, List.of(7)), new Pli(1, 2));
        assertThat(RtcpCodec.decode(compound))
                .containsExactly(
                        new ReceiverReport(1, List.of()),
                        new ReferenceTime(1, 42),
                        new Nack(1, 2, List.of(7)),
                        new Pli(1, 2));
    }

    @Test
    void unknownPacketTypesAreSkippedNotFatal() throws Exception {
        // An APP packet (PT 204) between a PLI and a NACK (RFC 3550 §6.1: skip what you do not know).
        byte[] compound = hex("81ce0002 00000001 00000002 80cc0001 00000000 81cd0003 00000001 00000002 00070000");
        assertThat(RtcpCodec.decode(compound))
                .containsExactly(new Pli(1, 2), new Unknown(204, 0), new Nack(1, 2, List.of(7)));
    }

    @Test
    void aTalkRefusalIsAnAppPacketNamedTalkWithTheHoldersName() throws Exception {
        // PROTOCOL.md §10.7: V=2, subtype 1, PT 204, length 4 words; SSRC; "TALK"; 5, "Alice", 2 zero bytes.
        byte[] golden = hex("81cc0004 aabbccdd 54414c4b 05416c69 63650000");

        assertThat(RtcpCodec.encode(new TalkRefused(0xaabbccddL, "Alice"))).isEqualTo(golden);
        assertThat(RtcpCodec.decode(golden)).containsExactly(new TalkRefused(0xaabbccddL, "Alice"));
    }

    @Test
    void aTalkRefusalWithoutANameAndOneWithTooLongANameStayWithinTheirBounds() throws Exception {
        assertThat(RtcpCodec.encode(new TalkRefused(1, ""))).isEqualTo(hex("81cc0003 00000001 54414c4b 00000000"));
        String longName = "ä".repeat(40); // 80 bytes of UTF-8
        TalkRefused cut = new TalkRefused(1, longName);

        assertThat(cut.holder()).isEqualTo("ä".repeat(32));
        assertThat(RtcpCodec.decode(RtcpCodec.encode(cut))).containsExactly(cut);
    }

    /**
     * The holder's name is what another viewer called itself, shown to this viewer's user ("NAME is
     * talking"): a right-to-left override would turn the rest of that sentence around, a line break
     * start a line of its own. Neither leaves the camera nor reaches the screen (§10.7).
     */
    @Test
    void aTalkRefusalCarriesNoControlOrInvisibleFormatCharacters() throws Exception {
        String hostile = "Eve\u202E\n\u200B\u2066Bob\u0007 ";
        byte[] encoded = RtcpCodec.encode(new TalkRefused(1, hostile));
        // "EveBob", 6 bytes: the space the removed characters leave at the end goes too.
        assertThat(encoded).isEqualTo(hex("81cc0004 00000001 54414c4b 06457665 426f6200"));

        // A camera that sends them anyway: "Eve", U+202E (e2 80 ae), "\n", "Bob".
        byte[] sent = hex("81cc0005 00000001 54414c4b 0a457665 e280ae0a 426f6200");
        assertThat(RtcpCodec.decode(sent)).containsExactly(new TalkRefused(1, "EveBob"));

        // Joiners stay: emoji sequences and some scripts need them.
        assertThat(new TalkRefused(1, "\uD83D\uDC69\u200D\uD83D\uDCBB").holder())
                .isEqualTo("\uD83D\uDC69\u200D\uD83D\uDCBB");
    }

    @Test
    void aTalkRefusalWhoseNameRunsPastItsPacketIsRejected() {
        assertThatThrownBy(() -> RtcpCodec.decode(hex("81cc0003 00000001 54414c4b 09416c69")))
                .isInstanceOf(MalformedRtcpException.class)
                .hasMessage("malformed RTCP: TALK holder name of 9 bytes");
    }

    @Test
    void aTalkTakeOverIsTheTalkPacketOfSubtypeTwoWithTheOwnersName() throws Exception {
        // PROTOCOL.md §10.7: V=2, subtype 2, PT 204, length 4 words; SSRC; "TALK"; 5, "Alice", 2 zero bytes.
        byte[] golden = hex("82cc0004 aabbccdd 54414c4b 05416c69 63650000");

        assertThat(RtcpCodec.encode(new TalkRefused(0xaabbccddL, "Alice", true)))
                .isEqualTo(golden);
        assertThat(RtcpCodec.decode(golden)).containsExactly(new TalkRefused(0xaabbccddL, "Alice", true));
    }

    @Test
    void anAppPacketOfAnotherNameOrSubtypeIsSkipped() throws Exception {
        assertThat(RtcpCodec.decode(hex("81cc0003 00000001 41424344 00000000 83cc0003 00000001 54414c4b 00000000")))
                .containsExactly(new Unknown(204, 1), new Unknown(204, 3));
    }

    @Test
    void aNackAcrossTheSequenceWrapKeepsItsOrder() throws Exception {
        Nack nack = new Nack(1, 2, List.of(65534, 65535, 0, 1));
        assertThat(HexFormat.of().formatHex(RtcpCodec.encode(nack))).endsWith("fffe0007");
        assertThat(((Nack) RtcpCodec.decode(RtcpCodec.encode(nack)).getFirst()).lost())
                .containsExactlyInAnyOrder(65534, 65535, 0, 1);
    }

    @Test
    void aLengthBeyondTheDatagramIsRejected() {
        assertThatThrownBy(() -> RtcpCodec.decode(hex("81ce0009 00000001 00000002")))
                .isInstanceOf(MalformedRtcpException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void aWrongVersionIsRejected() {
        assertThatThrownBy(() -> RtcpCodec.decode(hex("41ce0002 00000001 00000002")))
                .isInstanceOf(MalformedRtcpException.class)
                .hasMessageContaining("version 1");
    }

    @Test
    void aTruncatedReportIsRejected() {
        assertThatThrownBy(() -> RtcpCodec.decode(hex("81c90001 00000001")))
                .isInstanceOf(MalformedRtcpException.class)
                .hasMessageContaining("shorter than its fields");
    }

    @Test
    void roundTripTimeComesFromTheEchoedTimestampAndTheDelay() {
        long sentAt = 10_000;
        long echoed = NtpTime.middle32(NtpTime.fromMillis(sentAt));
        long held = NtpTime.compactFromMillis(30); // the peer held our timestamp 30 ms
        assertThat(NtpTime.roundTripMillis(sentAt + 80, echoed, held)).isBetween(49L, 50L);
        assertThat(NtpTime.roundTripMillis(sentAt + 80, 0, held)).isEqualTo(-1);
    }

    @Property
    void anyNackRoundTrips(
            @ForAll @Size(min = 1, max = 60) @UniqueElements List<@IntRange(min = 0, max = 300) Integer> offsets,
            @ForAll @IntRange(min = 0, max = 65535) int base)
            throws Exception {
        List<Integer> lost = offsets.stream().map(o -> base + o & 0xFFFF).toList();
        Nack decoded =
                (Nack) RtcpCodec.decode(RtcpCodec.encode(new Nack(5, 6, lost))).getFirst();
        assertThat(decoded.lost()).containsExactlyInAnyOrderElementsOf(lost);
    }

    @Property
    void randomBytesNeverThrowAnythingButMalformed(@ForAll @Size(max = 80) byte[] bytes) {
        try {
            RtcpCodec.decode(bytes);
        } catch (MalformedRtcpException expected) {
            // fine: garbage is rejected with a reason
        }
    }
}
