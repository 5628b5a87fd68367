package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private final JitterBuffer buffer = new JitterBuffer();

    private static RtpPacket packet(int sequence) {
        return new RtpPacket(96, false, sequence & 0xFFFF, 0, 1, new byte[] {(byte) sequence});
    }

    private List<Integer> released() {
        List<Integer> out = new ArrayList<>();
        JitterBuffer.Released r;
        while ((r = buffer.poll()) != null) {
            out.add(r.packet().sequenceNumber());
        }
        return out;
    }

    @Test
    void inOrderPacketsLeaveAtOnce() {
        buffer.offer(packet(10), 0);
        buffer.offer(packet(11), 0);
        assertThat(released()).containsExactly(10, 11);
        assertThat(buffer.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aHoleHoldsLaterPacketsUntilTheMissingOneArrives() {
        buffer.setTiming(100, 30);
        buffer.offer(packet(10), 0);
        buffer.offer(packet(12), 5);
        buffer.offer(packet(13), 6);
        assertThat(released()).containsExactly(10);
        buffer.offer(packet(11), 40); // the retransmission
        assertThat(released()).containsExactly(11, 12, 13);
        assertThat(buffer.recovered()).isEqualTo(1);
        assertThat(buffer.givenUp()).isZero();
    }

    @Test
    void aHoleIsGivenUpWhenItsWaitEndsAndTheNextPacketIsMarkedAfterGap() {
        buffer.setTiming(100, 30);
        buffer.offer(packet(10), 0);
        buffer.offer(packet(12), 5);
        released();
        assertThat(buffer.nextTimeout()).isEqualTo(5); // a NACK is due at once
        assertThat(buffer.dueNacks(5)).containsExactly(11);
        assertThat(buffer.nextTimeout()).isEqualTo(35); // the retry
        buffer.handleTimeout(104);
        assertThat(buffer.poll()).isNull();
        buffer.handleTimeout(105);
        JitterBuffer.Released next = buffer.poll();
        assertThat(next.packet().sequenceNumber()).isEqualTo(12);
        assertThat(next.afterGap()).isTrue();
        assertThat(buffer.givenUp()).isEqualTo(1);
        buffer.offer(packet(11), 120); // too late now
        assertThat(buffer.poll()).isNull();
        assertThat(buffer.duplicates()).isEqualTo(1);
    }

    @Test
    void nacksRepeatEachRetryIntervalOnlyWhileTheWaitLasts() {
        buffer.setTiming(100, 30);
        buffer.offer(packet(1), 0);
        buffer.offer(packet(4), 0);
        assertThat(buffer.dueNacks(0)).containsExactly(2, 3);
        assertThat(buffer.dueNacks(10)).isEmpty();
        assertThat(buffer.dueNacks(30)).containsExactly(2, 3);
        assertThat(buffer.dueNacks(60)).containsExactly(2, 3);
        assertThat(buffer.dueNacks(90)).containsExactly(2, 3);
        assertThat(buffer.dueNacks(120)).isEmpty(); // past the wait: a keyframe will be asked for instead
        assertThat(buffer.nacksSent()).isEqualTo(8);
    }

    @Test
    void onlyARetransmissionThatFillsAHoleCountsAsRepairedLoss() {
        buffer.setTiming(100, 30);
        buffer.offer(packet(1), 0);
        buffer.offer(packet(3), 0);
        buffer.offer(packet(5), 0);
        buffer.dueNacks(0); // NACKs 2 and 4 go out
        buffer.offer(packet(2), false, 3); // the original, overtaken by 3 on the way: reordering
        buffer.offer(packet(4), true, 20); // the retransmission: 4 was lost
        List<JitterBuffer.Released> out = new ArrayList<>();
        JitterBuffer.Released r;
        while ((r = buffer.poll()) != null) {
            out.add(r);
        }
        assertThat(out).extracting(x -> x.packet().sequenceNumber()).containsExactly(1, 2, 3, 4, 5);
        assertThat(out).extracting(JitterBuffer.Released::repaired).containsExactly(false, false, false, true, false);
        assertThat(buffer.recovered()).isEqualTo(2);
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        buffer.offer(packet(1), 0);
        buffer.offer(packet(3), 0);
        buffer.offer(packet(3), 0);
        buffer.offer(packet(1), 0);
        assertThat(buffer.duplicates()).isEqualTo(2);
        assertThat(buffer.held()).isEqualTo(1);
    }

    @Test
    void sequenceNumbersWrap() {
        buffer.offer(packet(65534), 0);
        buffer.offer(packet(0), 0);
        buffer.offer(packet(65535), 1);
        buffer.offer(packet(1), 1);
        assertThat(released()).containsExactly(65534, 65535, 0, 1);
    }

    @Test
    void aHoleLargerThanTheBufferIsGivenUpAtOnce() {
        buffer.offer(packet(0), 0);
        buffer.offer(packet(JitterBuffer.MAX_HELD + 5), 0);
        assertThat(released()).containsExactly(0, JitterBuffer.MAX_HELD + 5);
        assertThat(buffer.givenUp()).isEqualTo(JitterBuffer.MAX_HELD + 4);
    }
}
