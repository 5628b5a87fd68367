package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import org.junit.jupiter.api.Test;

class PacerTest {
    /** Paced at 2.5 × 3.2 Mbit/s = 8 Mbit/s = 1000 bytes per ms; a new viewer's allowance at 4000. */
    private static final long BITRATE = 3_200_000;

    /** A packet of {@code length} bytes on the wire (the pacer counts nothing else). */
    private static OutgoingRtp sized(int length) {
        return new OutgoingRtp(0, 0, 1, false, false, length - 12, new byte[length]);
    }

    private static void enqueue(Pacer pacer, int packets) {
        for (int i = 0; i < packets; i++) {
            pacer.enqueue(sized(1000));
        }
    }

    /** Lets everything out, waking when the pacer says; returns when the last packet left. */
    private static long drain(Pacer pacer, long from) {
        long now = from;
        while (true) {
            while (pacer.poll(now) != null) {}
            long next = pacer.nextTimeout();
            if (next == Long.MAX_VALUE) {
                return now;
            }
            assertThat(next).isGreaterThan(now);
            now = next;
        }
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
        pacer.setMediaBitrate(BITRATE);
        enqueue(pacer, 100);

        assertThat(drain(pacer, 0)).isBetween(95L, 101L); // 100 kB at 1000 bytes/ms
    }

    @Test
    void aNewViewersFirstKeyframeLeavesFourTimesFasterButStillPaced() {
        Pacer pacer = Pacer.forNewViewer(0);
        pacer.setMediaBitrate(BITRATE);
        enqueue(pacer, 50); // a 50 kB keyframe, held until the path is fixed 100 ms later

        int atOnce = 0;
        while (pacer.poll(100) != null) {
            atOnce++;
        }
        long done = drain(pacer, 100);

        // The bucket is 5 ms deep at the join rate (20 kB here), the rest follows at 4000 bytes/ms:
        // 50 kB in ~8 ms, where the steady rate takes ~45 ms.
        assertThat(atOnce).isEqualTo(20);
        assertThat(done - 100).isBetween(6L, 10L);
        assertThat(pacer.joining()).isTrue(); // 14 kB of the allowance left
    }

    @Test
    void theJoinAllowanceIsSpentOnceThenTheSteadyRateHolds() {
        Pacer pacer = Pacer.forNewViewer(0);
        pacer.setMediaBitrate(BITRATE);
        enqueue(pacer, 164); // 64 kB at the join rate, then 100 kB at the steady one

        long done = drain(pacer, 0);

        assertThat(pacer.joining()).isFalse();
        assertThat(done).isBetween(106L, 116L); // ~11 ms + ~100 ms
        enqueue(pacer, 50); // the next large keyframe, long after
        assertThat(drain(pacer, 10_000) - 10_000).isBetween(44L, 50L); // steady: 5 kB at once, 45 kB at 1000/ms
    }

    @Test
    void theJoinAllowanceEndsWithItsWindowWhateverIsLeftOfIt() {
        Pacer pacer = Pacer.forNewViewer(0);
        pacer.setMediaBitrate(BITRATE);
        enqueue(pacer, 1);
        assertThat(pacer.poll(1)).isNotNull(); // the window opens with the first packet
        assertThat(pacer.joining()).isTrue();

        enqueue(pacer, 50);
        long start = 1 + Pacer.JOIN_WINDOW_MILLIS + 100;

        assertThat(drain(pacer, start) - start).isBetween(44L, 50L); // the steady rate
        assertThat(pacer.joining()).isFalse();
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
