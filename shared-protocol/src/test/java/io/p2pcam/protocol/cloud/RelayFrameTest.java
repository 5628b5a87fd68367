package io.p2pcam.protocol.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden relay datagrams of docs/PROTOCOL.md §7; the tags were computed with Python's hmac module. */
class RelayFrameTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final RelayGrant GRANT =
            new RelayGrant(0x1122334455667788L, Bytes.of(HEX.parseHex("000102030405060708090a0b0c0d0e0f")));
    private static final InetSocketAddress CLOUD = new InetSocketAddress("203.0.113.1", 32100);
    private static final byte[] SESSION_PACKET =
            HEX.parseHex("5301" + "00000002" + "0000000000000005" + "aa".repeat(17));

    @Test
    void aCameraFrameIsHeaderSessionPacketAndTheTruncatedHmacOfBoth() {
        RelayFrame.Route route = RelayFrame.Route.of(CLOUD, GRANT, RelayFrame.FROM_CAMERA);
        byte[] frame = route.wrap(SESSION_PACKET);
        assertThat(HEX.formatHex(frame))
                .isEqualTo("504301321122334455667788"
                        + "5301000000020000000000000005aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        + "401f3e6659a57be4f8296692b7574d52");
        assertThat(frame).hasSize(RelayFrame.MIN_FRAME);
        assertThat(RelayFrame.isFrame(frame, 0, frame.length)).isTrue();
        assertThat(RelayFrame.sessionCounter(frame, 0)).isEqualTo(5);
        assertThat(RelayFrame.sessionPacketLength(frame.length)).isEqualTo(SESSION_PACKET.length);
        assertThat(new RelayKey(GRANT.key()).verify(frame, 0, frame.length)).isTrue();
        frame[20] ^= 1;
        assertThat(new RelayKey(GRANT.key()).verify(frame, 0, frame.length)).isFalse();
    }

    @Test
    void aChallengeIsAnsweredWithItsNonceUnderTheSidesKeyAndOnlyForItsTicket() {
        byte[] challenge = RelayFrame.challenge(0x1122334455667788L, 0x0102030405060708L);
        assertThat(HEX.formatHex(challenge)).isEqualTo("504301341122334455667788" + "0102030405060708");
        RelayFrame.Route route = RelayFrame.Route.of(CLOUD, GRANT, RelayFrame.FROM_VIEWER);
        assertThat(HEX.formatHex(route.answer(challenge, 0, challenge.length)))
                .isEqualTo("504301351122334455667788" + "0102030405060708" + "dc2fc4cd7c21936e9c3f2672464839f7");
        byte[] other = RelayFrame.challenge(99, 0x0102030405060708L);
        assertThat(route.answer(other, 0, other.length)).isNull();
    }

    @Test
    void framesOutsideTheLimitsAreNotFrames() {
        byte[] tooShort = new byte[RelayFrame.MIN_FRAME - 1];
        byte[] tooLong = new byte[RelayFrame.MAX_FRAME + 1];
        for (byte[] frame : new byte[][] {tooShort, tooLong}) {
            frame[0] = 0x50;
            frame[1] = 0x43;
            frame[2] = 1;
            frame[3] = RelayFrame.FROM_CAMERA;
            frame[12] = 0x53;
            assertThat(RelayFrame.isFrame(frame, 0, frame.length)).isFalse();
            assertThat(RelayFrame.isRelayType(frame, 0, frame.length)).isTrue();
        }
        assertThat(RelayFrame.MAX_FRAME).isEqualTo(1228);
        assertThat(RelayGrant.NONE.present()).isFalse();
        assertThat(RelayFrame.Route.of(CLOUD, RelayGrant.NONE, RelayFrame.FROM_CAMERA))
                .isNull();
    }
}
