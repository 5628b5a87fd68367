package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SessionPacketTest {
    /** A header (PROTOCOL.md §10.2) with receiver ID 1 and counter 5, then 16 bytes standing for kind + tag. */
    private static byte[] packet(String secondByte) {
        return HexFormat.of()
                .parseHex(
                        "53" + secondByte + "00000001" + "0000000000000005" + "00".repeat(SessionPacket.OVERHEAD - 14));
    }

    @Test
    void bothKeyPhasesAreSessionPacketsAndTheBitIsRead() {
        assertThat(SessionPacket.isSessionPacket(packet("01"), 0, SessionPacket.OVERHEAD))
                .isTrue();
        assertThat(SessionPacket.isSessionPacket(packet("81"), 0, SessionPacket.OVERHEAD))
                .isTrue();
        assertThat(SessionPacket.keyPhase(packet("01"), 0)).isZero();
        assertThat(SessionPacket.keyPhase(packet("81"), 0)).isEqualTo(1);
        assertThat(SessionPacket.receiverId(packet("81"), 0)).isEqualTo(1);
        assertThat(SessionPacket.counter(packet("81"), 0)).isEqualTo(5);
    }

    @Test
    void otherTypesAreNotSessionPacketsWhateverTheirPhaseBit() {
        for (String type : new String[] {"00", "02", "7f", "80", "82", "ff"}) {
            assertThat(SessionPacket.isSessionPacket(packet(type), 0, SessionPacket.OVERHEAD))
                    .as(type)
                    .isFalse();
        }
        assertThat(SessionPacket.isSessionPacket(packet("01"), 0, SessionPacket.OVERHEAD - 1))
                .isFalse();
    }
}
