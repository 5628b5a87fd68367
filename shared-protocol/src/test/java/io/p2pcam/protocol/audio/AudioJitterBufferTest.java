package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioJitterBufferTest {
    private static final long SSRC = 0x1234_5678L;
    private static final long T0 = 0xFFFF_F000L; // the timestamps wrap during the tests

    private static RtpPacket frame(int index) {
        return new RtpPacket(
                OpusRtp.PAYLOAD_TYPE,
                index == 0,
                65_530 + index & 0xFFFF,
                T0 + (long) index * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL,
                SSRC,
                new byte[] {(byte) index});
    }

    private static List<AudioJitterBuffer.Slot> drain(AudioJitterBuffer buffer, long now) {
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        AudioJitterBuffer.Slot slot;
        while ((slot = buffer.poll(now)) != null) {
            slots.add(slot);
        }
        return slots;
    }

    @Test
    void theFirstPacketPlaysAfterTheTargetDelayAndTheNextOnesEvery20Ms() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 1_000);
        assertThat(buffer.nextTimeout()).isEqualTo(1_040);
        assertThat(buffer.poll(1_039)).isNull();
        buffer.offer(frame(1), 1_021);
        assertThat(drain(buffer, 1_040)).singleElement().isInstanceOf(AudioJitterBuffer.Packet.class);
        assertThat(buffer.nextTimeout()).isEqualTo(1_060);
        AudioJitterBuffer.Slot second = drain(buffer, 1_060).getFirst();
        assertThat(second.timestamp()).isEqualTo(T0 + 960 & 0xFFFF_FFFFL);
        assertThat(((AudioJitterBuffer.Packet) second).opus()).containsExactly(1);
    }

    @Test
    void packetsArrivingOutOfOrderWithinTheDelayPlayInOrder() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(60);
        buffer.offer(frame(0), 0);
        buffer.offer(frame(2), 10);
        buffer.offer(frame(1), 30);
        List<AudioJitterBuffer.Slot> slots = drain(buffer, 100);
        assertThat(slots).hasSize(3).allMatch(s -> s instanceof AudioJitterBuffer.Packet);
        assertThat(slots)
                .extracting(s -> ((AudioJitterBuffer.Packet) s).opus()[0])
                .containsExactly((byte) 0, (byte) 1, (byte) 2);
    }

    @Test
    void aMissingSequenceNumberIsLostAndCountedAsARun() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        buffer.offer(frame(3), 60);
        List<AudioJitterBuffer.Slot> slots = drain(buffer, 100);
        assertThat(slots)
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Packet", "Lost", "Lost", "Packet");
        assertThat(buffer.stats().lost()).isEqualTo(2);
        assertThat(buffer.stats().maxLostRun()).isEqualTo(2);
    }

    @Test
    void aTimestampGapWithoutASequenceGapIsTheSenderSkippingFramesAndPlaysSilence() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        RtpPacket afterSkip = new RtpPacket(
                OpusRtp.PAYLOAD_TYPE, true, 65_531, T0 + 3L * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL, SSRC, new byte[] {9
                });
        buffer.offer(afterSkip, 60);
        assertThat(drain(buffer, 100))
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Packet", "Silence", "Silence", "Packet");
        assertThat(buffer.stats().lost()).isZero();
    }

    @Test
    void aSenderWhoseFramesMoveOffTheGridIsFollowed() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        RtpPacket offGrid =
                new RtpPacket(OpusRtp.PAYLOAD_TYPE, true, 65_531, T0 + 960 + 100 & 0xFFFF_FFFFL, SSRC, new byte[] {7});
        buffer.offer(offGrid, 20);
        List<AudioJitterBuffer.Slot> slots = drain(buffer, 60);
        assertThat(slots).hasSize(2).allMatch(s -> s instanceof AudioJitterBuffer.Packet);
        assertThat(slots.get(1).timestamp()).isEqualTo(T0 + 960 + 100 & 0xFFFF_FFFFL);
        assertThat(buffer.stats().lost()).isZero();
    }

    @Test
    void aPacketThatComesAfterItsSlotIsLateAndDroppedAndTheScheduleMovesLater() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        buffer.offer(frame(0), 0);
        assertThat(drain(buffer, 40))
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Packet", "Lost");
        buffer.offer(frame(1), 45); // its slot was at 40
        assertThat(buffer.stats().late()).isEqualTo(1);
        assertThat(buffer.queued()).isZero();
        assertThat(buffer.nextTimeout()).as("the schedule moves 5 ms later").isEqualTo(65);
    }

    @Test
    void aDuplicateIsCountedOnce() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        buffer.offer(frame(1), 1);
        buffer.offer(frame(1), 2);
        assertThat(buffer.stats().duplicates()).isEqualTo(1);
        assertThat(drain(buffer, 60)).hasSize(2);
    }

    @Test
    void aQueueGrowingPastTheDelayIsCaughtUpBySkippingTheOldestFramesAndPlayingSooner() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        for (int i = 0; i < 10; i++) {
            buffer.offer(frame(i), 0); // a burst: 200 ms of audio at once
        }
        assertThat(buffer.stats().skipped()).isEqualTo(4); // keeps 40 + 60 ms ahead of the playout
        // The rest plays 80 ms sooner: from 40 ms on, the target delay after the burst, to 140 ms.
        assertThat(buffer.nextTimeout()).isEqualTo(40);
        assertThat(drain(buffer, 140)).hasSize(6).allMatch(s -> s instanceof AudioJitterBuffer.Packet);
    }

    @Test
    void delayASpikeAddedIsGivenBackOneFrameAWindowOnceNoPacketNeedsIt() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        for (int i = 0; i < 150; i++) {
            long now = 20L * i;
            if (i != 5) {
                buffer.offer(frame(i), now);
            }
            if (i == 9) {
                buffer.offer(frame(5), now); // held up 60 ms past its slot (120): the schedule moves 60 ms later
            }
            drain(buffer, now);
        }

        assertThat(buffer.stats().late()).isEqualTo(1);
        // From then on every packet waited 80 ms for its slot instead of 20: given back a frame a window.
        assertThat(buffer.stats().skipped())
                .as("three frames skipped, in three windows")
                .isEqualTo(3);
        assertThat(buffer.nextTimeout() - 20L * 149)
                .as("the newest packet (149, in at 2,980 ms) plays the target delay after it came")
                .isEqualTo(20);
    }

    @Test
    void packetsThatNeedTheirSlackKeepTheSchedule() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        for (int i = 0; i < 150; i++) {
            // Every fourth packet comes 15 ms late: within the allowance, and it is needed.
            buffer.offer(frame(i), 20L * i + (i % 4 == 3 ? 15 : 0));
            drain(buffer, 20L * i);
        }

        assertThat(buffer.stats().skipped()).isZero();
        assertThat(buffer.stats().late()).isZero();
    }

    @Test
    void aPacketFarFromTheScheduleStartsANewOne() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        buffer.offer(frame(500), 100); // ten seconds later in RTP time: a restarted sender
        assertThat(buffer.nextTimeout()).isEqualTo(140);
        assertThat(drain(buffer, 140))
                .singleElement()
                .extracting(s -> ((AudioJitterBuffer.Packet) s).opus()[0])
                .isEqualTo((byte) (500 & 0xff));
    }
}
