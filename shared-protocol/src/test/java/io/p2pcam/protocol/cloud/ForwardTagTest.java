package io.p2pcam.protocol.cloud;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CONNECT_FORWARD tag of docs/PROTOCOL.md §3.10.10 and §8: golden bytes computed apart from
 * this code (Python's hmac module), what a change of any byte does, where the decoder reads the
 * tag, and which registration's key a camera accepts when ({@link ForwardKeys}).
 */
class ForwardTagTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Bytes TOKEN = Bytes.of(HEX.parseHex("000102030405060708090a0b0c0d0e0f"));
    private static final long TXN = 0x0102030405060708L;
    private static final Candidate VIEWER = Candidate.reflexive(address("203.0.113.7", 40000));
    private static final Bytes HANDSHAKE = Bytes.of(new byte[] {(byte) 0xaa, (byte) 0xbb});
    private static final RelayGrant GRANT =
            new RelayGrant(0x1122334455667788L, Bytes.of(HEX.parseHex("000102030405060708090a0b0c0d0e0f")));
    /** PROTOCOL.md §8: the forward of one REFLEXIVE candidate and handshake {@code aabb}, tagged under token 00…0f. */
    private static final String TAGGED =
            "5043 01 13 0102030405060708 01 0204cb0071079c40 0002aabb" + " a0a20621e862c4c0dd0a32833506e581";

    private static byte[] hex(String text) {
        return HEX.parseHex(text.replace(" ", ""));
    }

    @Test
    void theForwardKeyAndTagAreTheGoldenOnes() throws Exception {
        assertThat(HEX.formatHex(ForwardTag.key(TOKEN)))
                .isEqualTo("b49d2e12b37afc4dad3a87f40e0636004bb75c76d785a2bb24a371a08d260ea2");
        ConnectForward untagged = new ConnectForward(TXN, List.of(VIEWER), HANDSHAKE);
        byte[] sealed = ForwardTag.seal(CloudCodec.encode(untagged), ForwardTag.key(TOKEN));

        assertThat(sealed).hasSize(41).isEqualTo(hex(TAGGED));
        assertThat(CloudCodec.encode(ForwardTag.seal(untagged, ForwardTag.key(TOKEN))))
                .isEqualTo(sealed);
        ConnectForward decoded = (ConnectForward) CloudCodec.decode(sealed);
        assertThat(decoded.untagged()).isEqualTo(untagged);
        assertThat(ForwardTag.verifies(decoded, ForwardTag.key(TOKEN))).isTrue();
    }

    @Test
    void aTagFollowsTheRelayGrantAndCoversIt() throws Exception {
        byte[] sealed = ForwardTag.seal(
                CloudCodec.encode(new ConnectForward(TXN, List.of(VIEWER), HANDSHAKE, GRANT)), ForwardTag.key(TOKEN));
        assertThat(HEX.formatHex(sealed))
                .hasSize(2 * 65)
                .endsWith("1122334455667788000102030405060708090a0b0c0d0e0f0c9965e0a476184440824407379d839e");

        ConnectForward decoded = (ConnectForward) CloudCodec.decode(sealed);

        assertThat(decoded.relay()).isEqualTo(GRANT);
        assertThat(ForwardTag.verifies(decoded, ForwardTag.key(TOKEN))).isTrue();
    }

    @Test
    void everyChangedByteOfATaggedForwardFailsItsTag() throws Exception {
        byte[] sealed = hex(TAGGED);
        for (int i = 4; i < sealed.length; i++) { // the header's magic, version and type aside: no forward without them
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            ConnectForward decoded;
            try {
                decoded = (ConnectForward) CloudCodec.decode(changed);
            } catch (CloudDecodeException e) {
                continue; // not even a forward
            }
            assertThat(ForwardTag.verifies(decoded, ForwardTag.key(TOKEN)))
                    .as("byte %d changed", i)
                    .isFalse();
        }
    }

    @Test
    void anUntaggedForwardOrOneUnderAnotherTokenFails() throws Exception {
        ConnectForward untagged = (ConnectForward) CloudCodec.decode(Arrays.copyOf(hex(TAGGED), 25));
        assertThat(untagged.tag().length())
                .as("fewer than 16 bytes after the handshake: no tag")
                .isZero();
        assertThat(ForwardTag.verifies(untagged, ForwardTag.key(TOKEN))).isFalse();

        byte[] otherToken = TOKEN.toArray();
        otherToken[15] ^= 1;
        ConnectForward tagged = (ConnectForward) CloudCodec.decode(hex(TAGGED));
        assertThat(ForwardTag.verifies(tagged, ForwardTag.key(Bytes.of(otherToken))))
                .isFalse();
    }

    @Test
    void aCameraTakesThePreviousRegistrationsForwardsForFiveSecondsAfterTheNewOne() throws Exception {
        byte[] otherToken = TOKEN.toArray();
        otherToken[0] ^= 1;
        ConnectForward underOld = (ConnectForward) CloudCodec.decode(hex(TAGGED));
        ConnectForward underNew = ForwardTag.seal(underOld.untagged(), ForwardTag.key(Bytes.of(otherToken)));
        ForwardKeys keys = new ForwardKeys();
        assertThat(keys.authenticates(underOld, 0)).as("not registered yet").isFalse();

        keys.registered(TOKEN, 1_000);
        keys.registered(TOKEN, 2_000); // the same registration again (a repeated REGISTERED): nothing changes
        assertThat(keys.authenticates(underOld, 2_000)).isTrue();
        assertThat(keys.authenticates(underNew, 2_000)).isFalse();

        keys.registered(Bytes.of(otherToken), 10_000);
        assertThat(keys.authenticates(underNew, 10_000)).isTrue();
        assertThat(keys.authenticates(underOld, 14_999)).as("still on its way").isTrue();
        assertThat(keys.authenticates(underOld, 15_000))
                .as("answered UNAVAILABLE by now")
                .isFalse();
        assertThat(keys.authenticates(underNew, 60_000)).isTrue();
    }
}
