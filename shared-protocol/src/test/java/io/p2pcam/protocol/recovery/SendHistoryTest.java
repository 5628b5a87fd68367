package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpPacket;
import org.junit.jupiter.api.Test;

class SendHistoryTest {
    private static OutgoingRtp rtp(int sequence) {
        return OutgoingRtp.of(new RtpPacket(96, false, sequence & 0xFFFF, 0, 1, new byte[] {1}));
    }

    @Test
    void findsRecentPacketsBySequenceNumber() {
        SendHistory history = new SendHistory(8);
        OutgoingRtp seven = rtp(7);
        history.add(seven);
        history.add(rtp(8));
        assertThat(history.find(7)).isSameAs(seven);
        assertThat(history.find(9)).isNull();
    }

    @Test
    void forgetsPacketsOlderThanItsCapacity() {
        SendHistory history = new SendHistory(8);
        for (int seq = 65530; seq < 65530 + 20; seq++) {
            history.add(rtp(seq));
        }
        int newest = 65530 + 19 & 0xFFFF;
        assertThat(history.find(newest)).isNotNull();
        assertThat(history.find(newest - 7 & 0xFFFF)).isNotNull();
        assertThat(history.find(newest - 8 & 0xFFFF)).isNull();
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new SendHistory(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
