package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import org.junit.jupiter.api.Test;

class PacerTest {
    /** A packet of {@code length} bytes on the wire (the pacer counts nothing else). */
    private static OutgoingRtp sized(int length) {
        return new OutgoingRtp(0, 0, 1, false, false, length - 12, new byte[length]);
    }

    @Test
    void unpacedPacketsLeaveAtOnce() {
        Pacer pacer = new Pacer(0);
        pacer.enqueue(sized(1000));
        pacer.enqueue(sized(1000));
        assertThat(pacer.poll(0)).isNotNull();
        assertThat(pacer.poll(0)).isNotNull();
        assertThat(pacer.poll(0)).isNull();
    }

    @Test
    void aBurstIsSpreadAtTwoAndAHalfTimesTheMediaRate() {
        Pacer pacer = new Pacer(0);
        pacer.setMediaBitrate(3_200_000); // paced at 8 Mbit/s = 1000 bytes per ms
        for (int i = 0; i < 100; i++) {
            pacer.enqueue(sized(1000));
        }
        int sent = 0;
        long now = 0;
        while (sent < 100) {
            while (pacer.poll(now) != null) {
                sent++;
            }
            if (sent < 100) {
                long next = pacer.nextTimeout();
                assertThat(next).isGreaterThan(now);
                now = next;
            }
        }
        assertThat(now).isBetween(95L, 101L); // 100 kB at 1000 bytes/ms
    }

    @Test
    void retransmissionsOvertakeQueuedMedia() {
        Pacer pacer = new Pacer(0);
        OutgoingRtp media = sized(10);
        OutgoingRtp retransmission = sized(11);
        pacer.enqueue(media);
        pacer.enqueueUrgent(retransmission);
        assertThat(pacer.poll(0)).isEqualTo(new Pacer.Packet(retransmission, true));
        assertThat(pacer.poll(0)).isEqualTo(new Pacer.Packet(media, false));
        assertThat(pacer.queuedBytes()).isZero();
        assertThat(pacer.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }
}
