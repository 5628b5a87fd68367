package io.p2pcam.protocol.cloud;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.CloudDecodeException.Reason;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long TXN = 0x0102030405060708L;
    private static final CameraId ID = CameraId.fromBytes(HEX.parseHex("00112233445566778899aabbccddee"));
    private static final CameraPublicKey KEY = CameraPublicKey.fromBytes(sequence(64), 0);
    private static final Bytes TOKEN = Bytes.of(sequence(16));
    private static final Candidate PUBLIC_V4 = Candidate.reflexive(address("203.0.113.7", 40000));
    private static final Candidate LAN_V4 = Candidate.local(address("198.18.0.10", 32101));
    private static final Candidate LAN_V6 = Candidate.local(address("2001:db8::1", 443));

    /** Golden encodings, written out by hand from the layout in docs/PROTOCOL.md. */
    static Stream<Arguments> golden() {
        return Stream.of(
                Arguments.of(new KeepaliveAck(TXN, 20_000), "5043 01 06 0102030405060708 00004e20"),
                Arguments.of(new ErrorReply(TXN, ErrorCode.NOT_REGISTERED), "5043 01 7f 0102030405060708 0001"),
                Arguments.of(new ErrorReply(TXN, ErrorCode.TICKET_REFUSED), "5043 01 7f 0102030405060708 0004"),
                Arguments.of(
                        new RegisterChallenge(TXN, Bytes.of(sequence(24))),
                        "5043 01 02 0102030405060708 000102030405060708090a0b0c0d0e0f1011121314151617"),
                Arguments.of(
                        new Keepalive(TXN, ID, TOKEN),
                        "5043 01 05 0102030405060708 00112233445566778899aabbccddee 000102030405060708090a0b0c0d0e0f"),
                Arguments.of(
                        new Registered(TXN, PUBLIC_V4, TOKEN, 20_000, 65_000, 1),
                        "5043 01 04 0102030405060708 02 04 cb007107 9c40 000102030405060708090a0b0c0d0e0f"
                                + " 00004e20 0000fde8 01"),
                Arguments.of(
                        new ConnectResult(TXN, ConnectStatus.ACCEPTED, List.of(PUBLIC_V4, LAN_V6), Bytes.of(new byte[] {
                            (byte) 0xaa, (byte) 0xbb
                        })),
                        "5043 01 15 0102030405060708 00 02 0204cb0071079c40 0106 20010db8000000000000000000000001 01bb"
                                + " 0002 aabb"),
                Arguments.of(LookupResult.unavailable(TXN), "5043 01 11 0102030405060708 01"));
    }

    @Test
    void aMessageEncodedAfterALongerOneOnTheSameThreadHasOnlyItsOwnBytes() {
        byte[] lookup = CloudCodec.encode(new Lookup(TXN, ID));
        CloudCodec.encode(new ConnectRequest(TXN, ID, List.of(LAN_V4), Bytes.of(sequence(200))));

        assertThat(CloudCodec.encode(new Lookup(TXN, ID)))
                .as("the padding is zeros, not the longer message's bytes")
                .containsExactly(lookup);
        assertThat(Arrays.copyOfRange(lookup, CloudCodec.HEADER_BYTES + 15, lookup.length))
                .containsOnly(0);
    }

    @ParameterizedTest
    @MethodSource("golden")
    void encodesToTheDocumentedBytes(CloudMessage message, String hex) throws Exception {
        byte[] expected = HEX.parseHex(hex.replace(" ", ""));
        assertThat(HEX.formatHex(CloudCodec.encode(message))).isEqualTo(HEX.formatHex(expected));
        assertThat(CloudCodec.decode(expected)).isEqualTo(message);
    }

    static Stream<CloudMessage> everyType() {
        return Stream.of(
                new RegisterHello(TXN, KEY),
                new RegisterChallenge(TXN, Bytes.of(sequence(24))),
                new Register(TXN, KEY, Bytes.of(sequence(24)), List.of(LAN_V4, LAN_V6), Bytes.of(sequence(64))),
                new Registered(TXN, PUBLIC_V4, TOKEN, 20_000, 65_000, 0),
                new Resume(TXN, KEY, Bytes.of(sequence(24)), Bytes.of(sequence(24)), Bytes.of(sequence(32))),
                new Keepalive(TXN, ID, TOKEN),
                new KeepaliveAck(TXN, 19_000),
                new Lookup(TXN, ID),
                new LookupResult(TXN, KEY),
                LookupResult.unavailable(TXN),
                new ConnectRequest(TXN, ID, List.of(LAN_V4), Bytes.of(sequence(200))),
                new ConnectForward(TXN, List.of(PUBLIC_V4, LAN_V4), Bytes.of(sequence(200))),
                new ConnectAnswer(TXN, ID, TOKEN, true, List.of(LAN_V4), Bytes.of(sequence(48))),
                new ConnectAnswer(TXN, ID, TOKEN, false, List.of(), Bytes.of(sequence(48))),
                new ConnectResult(TXN, ConnectStatus.REJECTED, List.of(), Bytes.of(sequence(48))),
                ConnectResult.unavailable(TXN),
                new ErrorReply(TXN, ErrorCode.RATE_LIMITED));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyMessageRoundTrips(CloudMessage message) throws Exception {
        byte[] wire = CloudCodec.encode(message);
        assertThat(wire.length).isLessThanOrEqualTo(CloudCodec.MAX_DATAGRAM);
        assertThat(CloudCodec.decode(wire)).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void trailingBytesAreIgnoredForNewerPeers(CloudMessage message) throws Exception {
        byte[] wire = CloudCodec.encode(message);
        byte[] longer = Arrays.copyOf(wire, Math.min(wire.length + 7, CloudCodec.MAX_DATAGRAM));
        assertThat(CloudCodec.decode(longer)).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyTruncationIsATypedError(CloudMessage message) {
        byte[] wire = CloudCodec.encode(message);
        // Shortening a padded request (LOOKUP, CONNECT_REQUEST) is caught as NOT_PADDED.
        for (int length = 0; length < wire.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> CloudCodec.decode(wire, 0, cut))
                    .isInstanceOf(CloudDecodeException.class)
                    .extracting(e -> ((CloudDecodeException) e).reason())
                    .isIn(Reason.TOO_SHORT, Reason.TRUNCATED, Reason.NOT_PADDED);
        }
    }

    private static final ResumeGrant RESUME_GRANT =
            new ResumeGrant(Bytes.of(sequence(32)), Bytes.of(sequence(32)), Bytes.of(sequence(24)));

    @org.junit.jupiter.api.Test
    void theResumeGrantIsAppendedAfterTheFlagsAndAbsentShortOrZeroReadsAsNone() throws Exception {
        Registered granted = new Registered(TXN, PUBLIC_V4, TOKEN, 20_000, 65_000, 0, RESUME_GRANT);
        byte[] wire = CloudCodec.encode(granted);
        assertThat(wire).hasSize(45 + ResumeGrant.WIRE_BYTES);
        assertThat(HEX.formatHex(wire, 45, wire.length))
                .isEqualTo(HEX.formatHex(sequence(32)) + HEX.formatHex(sequence(32)) + HEX.formatHex(sequence(24)));
        assertThat(CloudCodec.decode(wire)).isEqualTo(granted);
        assertThat(((Registered) CloudCodec.decode(wire, 0, wire.length - 1)).resume())
                .as("fewer than 88 bytes after the flags are trailing bytes")
                .isEqualTo(ResumeGrant.NONE);
        byte[] ticketZero = wire.clone();
        Arrays.fill(ticketZero, wire.length - 24, wire.length, (byte) 0);
        assertThat(((Registered) CloudCodec.decode(ticketZero)).resume()).isEqualTo(ResumeGrant.NONE);
        // The largest REGISTERED (IPv6, with a ticket) is no larger than the smallest RESUME or REGISTER.
        byte[] largest = CloudCodec.encode(
                new Registered(TXN, Candidate.reflexive(address("2001:db8::1", 443)), TOKEN, 1, 1, 0, RESUME_GRANT));
        byte[] resume = CloudCodec.encode(
                new Resume(TXN, KEY, Bytes.of(sequence(24)), Bytes.of(sequence(24)), Bytes.of(sequence(32))));
        assertThat(largest).hasSize(145);
        assertThat(resume).hasSize(156);
    }

    @org.junit.jupiter.api.Test
    void theSealedPassKeyFollowsTheTicketAndFitsUnderEveryRequestItAnswers() throws Exception {
        ResumeGrant withPass = RESUME_GRANT.withSealedPassKey(Bytes.of(sequence(16)));
        Registered granted = new Registered(TXN, PUBLIC_V4, TOKEN, 20_000, 65_000, 0, withPass);
        byte[] wire = CloudCodec.encode(granted);
        assertThat(wire).hasSize(45 + ResumeGrant.WIRE_BYTES + 16).hasSize(CloudCodec.encodedLength(granted));
        assertThat(HEX.formatHex(wire, wire.length - 16, wire.length)).isEqualTo(HEX.formatHex(sequence(16)));
        assertThat(CloudCodec.decode(wire)).isEqualTo(granted);
        assertThat(((Registered) CloudCodec.decode(wire, 0, wire.length - 1)).resume())
                .as("fewer than 16 bytes after the ticket are trailing bytes")
                .isEqualTo(RESUME_GRANT);
        Registered v6 = new Registered(TXN, Candidate.reflexive(address("2001:db8::1", 443)), TOKEN, 1, 1, 0, withPass);
        assertThat(CloudCodec.encodedLength(v6))
                .isEqualTo(CloudCodec.encode(v6).length)
                .isEqualTo(161);
        // 149 (IPv4) fits under a RESUME (156); 161 (IPv6) only under a REGISTER (>= 165): §6.2.
        assertThat(CloudCodec.encodedLength(granted)).isLessThanOrEqualTo(156);
    }

    @org.junit.jupiter.api.Test
    void aConnectRequestCarriesItsPassAfterTheHandshakeAndReadsZeroPaddingAsNone() throws Exception {
        ConnectRequest bare = new ConnectRequest(TXN, ID, List.of(LAN_V4), Bytes.of(sequence(200)));
        byte[] covered = CloudCodec.passCoveredBytes(bare);
        byte[] bareWire = CloudCodec.encode(bare);
        assertThat(covered).isEqualTo(Arrays.copyOfRange(bareWire, 12, 12 + covered.length));
        assertThat(((ConnectRequest) CloudCodec.decode(bareWire)).pass()).isEqualTo(PassTag.NONE);

        ConnectRequest passed = new ConnectRequest(
                TXN,
                ID,
                List.of(LAN_V4),
                Bytes.of(sequence(200)),
                new PassTag(0x0102030405060708L, Bytes.of(sequence(16))));
        byte[] wire = CloudCodec.encode(passed);
        assertThat(wire).hasSize(CloudCodec.MIN_CONNECT_REQUEST);
        assertThat(HEX.formatHex(wire, 12 + covered.length, 12 + covered.length + 24))
                .isEqualTo("0102030405060708" + HEX.formatHex(sequence(16)));
        assertThat(CloudCodec.decode(wire)).isEqualTo(passed);
        // The largest request with a pass: 702 + 24 bytes, within one datagram.
        ConnectRequest largest = new ConnectRequest(
                TXN,
                ID,
                Collections.nCopies(8, Candidate.local(address("2001:db8::2", 9))),
                Bytes.of(new byte[CloudCodec.MAX_HANDSHAKE]),
                passed.pass());
        assertThat(CloudCodec.encode(largest)).hasSize(726);
        assertThat(CloudCodec.decode(CloudCodec.encode(largest))).isEqualTo(largest);
    }

    @org.junit.jupiter.api.Test
    void theResumeProofCoversTheMessageUpToTheProofBehindAContextString() {
        Bytes cookie = Bytes.of(sequence(24));
        Bytes ticket = Bytes.of(sequence(24));
        byte[] proven = CloudCodec.resumeProvenBytes(TXN, KEY, cookie, ticket);
        byte[] wire = CloudCodec.encode(new Resume(TXN, KEY, cookie, ticket, Bytes.of(new byte[32])));
        assertThat(new String(proven, 0, 17, StandardCharsets.US_ASCII)).isEqualTo("p2pcam resume v1\0");
        assertThat(Arrays.copyOfRange(proven, 17, proven.length)).isEqualTo(Arrays.copyOf(wire, wire.length - 32));
    }

    @org.junit.jupiter.api.Test
    void unpaddedLookupsAndConnectRequestsAreRefused() {
        byte[] lookup = CloudCodec.encode(new Lookup(TXN, ID));
        assertThat(lookup).hasSize(CloudCodec.MIN_LOOKUP);
        assertThatThrownBy(() -> CloudCodec.decode(lookup, 0, CloudCodec.HEADER_BYTES + CameraId.BYTES))
                .hasMessageStartingWith("NOT_PADDED");
        byte[] connect = CloudCodec.encode(new ConnectRequest(TXN, ID, List.of(), Bytes.EMPTY));
        assertThat(connect).hasSize(CloudCodec.MIN_CONNECT_REQUEST);
    }

    @org.junit.jupiter.api.Test
    void noReplyCanBeLargerThanTheRequestThatCausedIt() {
        assertThat(CloudCodec.MAX_LOOKUP_RESULT).isLessThanOrEqualTo(CloudCodec.MIN_LOOKUP);
        assertThat(CloudCodec.MAX_CONNECT_RESULT).isLessThanOrEqualTo(CloudCodec.MIN_CONNECT_REQUEST);
        List<Candidate> most = Collections.nCopies(CloudCodec.MAX_CANDIDATES, LAN_V6);
        byte[] largestResult = CloudCodec.encode(
                new ConnectResult(TXN, ConnectStatus.ACCEPTED, most, Bytes.of(new byte[CloudCodec.MAX_HANDSHAKE])));
        assertThat(largestResult).hasSize(CloudCodec.MAX_CONNECT_RESULT).hasSize(688);
        byte[] granted = CloudCodec.encode(new ConnectResult(
                TXN, ConnectStatus.ACCEPTED, most, Bytes.of(new byte[CloudCodec.MAX_HANDSHAKE]), GRANT));
        assertThat(granted)
                .as("with a relay grant: sent only if the request was as large")
                .hasSize(712);
        byte[] challenge = CloudCodec.encode(new RegisterChallenge(TXN, Bytes.of(new byte[24])));
        assertThat(challenge.length).isLessThan(CloudCodec.encode(new RegisterHello(TXN, KEY)).length);
    }

    private static final RelayGrant GRANT =
            new RelayGrant(0x1122334455667788L, Bytes.of(HEX.parseHex("000102030405060708090a0b0c0d0e0f")));

    @org.junit.jupiter.api.Test
    void theRelayGrantIsAppendedAfterTheHandshakeAndAbsentOrTicketZeroReadsAsNone() throws Exception {
        // ACCEPTED, no candidates, handshake "aabb", ticket 0x1122334455667788, key 00..0f (§7).
        byte[] withGrant = HEX.parseHex("50430115" + "0102030405060708" + "00" + "00" + "0002aabb" + "1122334455667788"
                + "000102030405060708090a0b0c0d0e0f");
        assertThat(CloudCodec.decode(withGrant))
                .isEqualTo(new ConnectResult(
                        TXN,
                        ConnectStatus.ACCEPTED,
                        List.of(),
                        Bytes.of(new byte[] {(byte) 0xaa, (byte) 0xbb}),
                        GRANT));
        assertThat(CloudCodec.encode(CloudCodec.decode(withGrant))).isEqualTo(withGrant);
        byte[] ticketOnly = Arrays.copyOf(withGrant, withGrant.length - 16);
        assertThat(((ConnectResult) CloudCodec.decode(ticketOnly)).relay())
                .as("an older cloud's bare ticket: fewer than 24 bytes are trailing bytes")
                .isEqualTo(RelayGrant.NONE);
        byte[] ticketZero = withGrant.clone();
        Arrays.fill(ticketZero, 18, 26, (byte) 0);
        assertThat(((ConnectResult) CloudCodec.decode(ticketZero)).relay()).isEqualTo(RelayGrant.NONE);
        byte[] rejectedWithGrant = HEX.parseHex("50430115" + "0102030405060708" + "01" + "00" + "0000"
                + "1122334455667788" + "000102030405060708090a0b0c0d0e0f");
        assertThatThrownBy(() -> CloudCodec.decode(rejectedWithGrant))
                .hasMessage("BAD_FIELD: REJECTED result carries a relay grant");
        byte[] rejectedWithTicketZero = rejectedWithGrant.clone();
        Arrays.fill(rejectedWithTicketZero, 16, 24, (byte) 0);
        assertThat(((ConnectResult) CloudCodec.decode(rejectedWithTicketZero)).relay())
                .isEqualTo(RelayGrant.NONE);
        ConnectForward forward =
                ForwardTag.seal(new ConnectForward(TXN, List.of(PUBLIC_V4), Bytes.EMPTY, GRANT), ForwardTag.key(TOKEN));
        assertThat(CloudCodec.decode(CloudCodec.encode(forward))).isEqualTo(forward);
    }

    @org.junit.jupiter.api.Test
    void aResultsRelayGrantMayNameTheNodeWhoseRelayHoldsTheSession() throws Exception {
        // The grant of §7, then the relay node 198.51.100.20:32100 as a RELAY candidate (§3.10.12).
        String grant = "50430115" + "0102030405060708" + "00" + "00" + "0002aabb" + "1122334455667788"
                + "000102030405060708090a0b0c0d0e0f";
        byte[] withNode = HEX.parseHex(grant + "0304c63364147d64");
        InetSocketAddress node = new InetSocketAddress("198.51.100.20", 32100);
        ConnectResult decoded = (ConnectResult) CloudCodec.decode(withNode);
        assertThat(decoded.relay()).isEqualTo(GRANT.at(node));
        assertThat(decoded.relay().relayOr(new InetSocketAddress("192.0.2.1", 1)))
                .isEqualTo(node);
        assertThat(CloudCodec.encode(decoded)).isEqualTo(withNode);
        assertThat(((ConnectResult) CloudCodec.decode(HEX.parseHex(grant)))
                        .relay()
                        .relayNode())
                .as("without it: the relay of the node that sent the result")
                .isNull();
        assertThat(((ConnectResult) CloudCodec.decode(HEX.parseHex(grant + "0204c63364147d64")))
                        .relay()
                        .relayNode())
                .as("anything but a RELAY candidate there is trailing bytes")
                .isNull();
        assertThatThrownBy(() -> CloudCodec.decode(HEX.parseHex(grant + "0304000000007d64")))
                .hasMessage("BAD_FIELD: relay node /0.0.0.0:32100 is no unicast address");
        assertThatThrownBy(() -> CloudCodec.decode(HEX.parseHex(grant + "0305c63364147d64")))
                .hasMessage("BAD_FIELD: relay node has address family 5, not 4 or 6");
        assertThatThrownBy(() -> new ConnectForward(TXN, List.of(), Bytes.EMPTY, GRANT.at(node)))
                .isInstanceOf(IllegalArgumentException.class);
        List<Candidate> most = Collections.nCopies(CloudCodec.MAX_CANDIDATES, LAN_V6);
        byte[] largest = CloudCodec.encode(new ConnectResult(
                TXN,
                ConnectStatus.ACCEPTED,
                most,
                Bytes.of(new byte[CloudCodec.MAX_HANDSHAKE]),
                GRANT.at(new InetSocketAddress("2001:db8::1", 32100))));
        assertThat(largest).as("with an IPv6 relay node").hasSize(732);
    }

    @org.junit.jupiter.api.Test
    void namesWhatIsWrongWithAHeader() {
        assertThatThrownBy(() -> CloudCodec.decode(HEX.parseHex("4854545020312e310000000000")))
                .hasMessage("BAD_MAGIC: not a p2pcam cloud message");
        assertThatThrownBy(() -> CloudCodec.decode(HEX.parseHex("504302060102030405060708")))
                .hasMessage("BAD_VERSION: version 2, this end speaks 1");
        assertThatThrownBy(() -> CloudCodec.decode(HEX.parseHex("504301310102030405060708")))
                .extracting(e -> ((CloudDecodeException) e).reason())
                .isEqualTo(Reason.UNKNOWN_TYPE);
        assertThatThrownBy(() -> CloudCodec.decode(new byte[1201]))
                .extracting(e -> ((CloudDecodeException) e).reason())
                .isEqualTo(Reason.TOO_LONG);
    }

    @org.junit.jupiter.api.Test
    void rejectsOutOfRangeFields() {
        byte[] tooMany = HEX.parseHex("5043 01 13 0102030405060708 09".replace(" ", ""));
        assertThatThrownBy(() -> CloudCodec.decode(tooMany))
                .hasMessage("BAD_FIELD: 9 candidates exceed the limit of 8");
        byte[] badFamily = HEX.parseHex("5043 01 13 0102030405060708 01 0105 00000000 0001 0000".replace(" ", ""));
        assertThatThrownBy(() -> CloudCodec.decode(badFamily)).hasMessageContaining("address family 5");
        byte[] hugeBlob = HEX.parseHex("5043 01 13 0102030405060708 00 0201".replace(" ", ""));
        assertThatThrownBy(() -> CloudCodec.decode(hugeBlob))
                .hasMessage("BAD_FIELD: handshake of 513 bytes exceeds 512");
        byte[] candidatesOnUnavailable =
                HEX.parseHex("5043 01 15 0102030405060708 02 01 0204cb0071079c40 0000".replace(" ", ""));
        assertThatThrownBy(() -> CloudCodec.decode(candidatesOnUnavailable)).hasMessageContaining("carries candidates");
    }

    @Property(tries = 5000)
    void arbitraryBytesNeverEscapeAsAnythingButADecodeError(@ForAll @Size(max = 1300) byte[] data) {
        try {
            CloudCodec.decode(data);
        } catch (CloudDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property(tries = 5000)
    void corruptedValidMessagesNeverEscapeAsAnythingButADecodeError(
            @ForAll @IntRange(max = 15) int which, @ForAll @IntRange(max = 1199) int position, @ForAll byte value) {
        byte[] wire = CloudCodec.encode(everyType().toList().get(which));
        wire[position % wire.length] = value;
        try {
            CloudCodec.decode(wire);
        } catch (CloudDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    private static byte[] sequence(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
