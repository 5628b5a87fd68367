package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    @Test
    void unpacedPacketsLeaveAtOnce() {
        Pacer pacer = new Pacer(0);
        pacer.enqueue(new byte[1000]);
        pacer.enqueue(new byte[1000]);
        assertThat(pacer.poll(0)).isNotNull();
        assertThat(pacer.poll(0)).isNotNull();
        assertThat(pacer.poll(0)).isNull();
    }

    @Test
    void aBurstIsSpreadAtTwoAndAHalfTimesTheMediaRate() {
        Pacer pacer = new Pacer(0);
        pacer.setMediaBitrate(3_200_000); // paced at 8 Mbit/s = 1000 bytes per ms
        for (int i = 0; i < 100; i++) {
            pacer.enqueue(new byte[1000]);
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
        byte[] media = new byte[10];
        byte[] retransmission = new byte[11];
        pacer.enqueue(media);
        pacer.enqueueUrgent(retransmission);
        assertThat(pacer.poll(0)).isEqualTo(new Pacer.Packet(retransmission, true));
        assertThat(pacer.poll(0)).isEqualTo(new Pacer.Packet(media, false));
        assertThat(pacer.queuedBytes()).isZero();
        assertThat(pacer.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }
}
