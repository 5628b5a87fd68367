package io.p2pcam.protocol.audio;

import static io.p2pcam.protocol.audio.AudioPackets.SSRC;
import static io.p2pcam.protocol.audio.AudioPackets.T0;
import static io.p2pcam.protocol.audio.AudioPackets.drain;
import static io.p2pcam.protocol.audio.AudioPackets.frame;
import static io.p2pcam.protocol.audio.AudioPackets.opus;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AudioJitterBufferTest {
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
        assertThat(((AudioJitterBuffer.Packet) second).opus()).containsExactly(opus(1));
    }

    @Test
    void aStreamPlaysOnOneScheduleForLongerThanHalfTheRtpClocksRange() {
        // 2^31 samples at 48 kHz are 12 h 25 min: a viewer left listening overnight. The schedule
        // measured packets from its start modulo 2^32, so there one seemed 12 h early and started
        // a new schedule, dropping what was queued.
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        int frames = (int) ((1L << 31) / OpusRtp.FRAME_SAMPLES) + 100;
        long packets = 0;
        long other = 0;
        for (int index = 0; index <= frames; index++) {
            long now = 20L * index;
            if (index < frames) {
                buffer.offer(frame(index), now);
            } else {
                now += 20; // the last packet's slot: the 40 ms delay after it came
            }
            AudioJitterBuffer.Slot slot;
            while ((slot = buffer.poll(now)) != null) {
                if (slot instanceof AudioJitterBuffer.Packet) {
                    packets++;
                } else {
                    other++;
                }
            }
        }

        assertThat(packets).isEqualTo(frames);
        assertThat(other).isZero();
        assertThat(buffer.stats().skipped()).isZero();
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
                .extracting(s -> ((AudioJitterBuffer.Packet) s).opus()[1])
                .containsExactly((byte) 0, (byte) 1, (byte) 2);
    }

    @Test
    void aMissingSequenceNumberIsLostAndCountedAsARun() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        buffer.offer(frame(4), 80);
        List<AudioJitterBuffer.Slot> slots = drain(buffer, 120);
        assertThat(slots)
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Packet", "Lost", "Lost", "Recovered", "Packet");
        assertThat(buffer.stats().lost()).isEqualTo(3);
        assertThat(buffer.stats().recovered()).isEqualTo(1);
        assertThat(buffer.stats().maxLostRun())
                .as("the recovered frame is heard: no gap")
                .isEqualTo(2);
    }

    /**
     * bench/audio.sh at 5 % loss: a lost frame's slot comes about when the next frame's packet
     * arrives (a 20 ms allowance), and that packet carries the lost frame again at a lower rate
     * (Opus in-band FEC, RFC 6716 §2.1.7). A frame lost at a timing mark's onset played the next
     * frame's sound instead, 24–39 ms later, and that mark set the run's p95 (docs/BENCHMARKS.md).
     */
    @Test
    void aLostFrameWhoseSuccessorIsAlreadyQueuedIsRecoveredFromItsInBandFec() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        Set<Integer> lostOnTheWay = Set.of(7, 19, 20, 33);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        for (int index = 0; index < 50; index++) {
            long arrival = 1_000 + 20L * index + (index % 3); // a little jitter, never late
            slots.addAll(drain(buffer, arrival));
            if (!lostOnTheWay.contains(index)) {
                buffer.offer(frame(index), arrival);
            }
        }
        slots.addAll(drain(buffer, 1_000 + 20 + 20 * 49 + AudioJitterBuffer.FEC_WAIT_MILLIS));

        assertThat(slots).hasSize(50);
        assertThat(slots.get(7)).isInstanceOf(AudioJitterBuffer.Recovered.class);
        assertThat(((AudioJitterBuffer.Recovered) slots.get(7)).next()).containsExactly(opus(8));
        assertThat(slots.get(19))
                .as("the next packet lost too: nothing to recover from, nor to tell a loss from silence by yet")
                .isInstanceOf(AudioJitterBuffer.Gap.class);
        assertThat(((AudioJitterBuffer.Recovered) slots.get(20)).next()).containsExactly(opus(21));
        assertThat(((AudioJitterBuffer.Recovered) slots.get(33)).next()).containsExactly(opus(34));
        assertThat(slots.get(8))
                .as("the packet that carried the FEC still plays in its own slot")
                .isInstanceOf(AudioJitterBuffer.Packet.class);
        assertThat(buffer.stats().lost()).isEqualTo(4);
        assertThat(buffer.stats().recovered()).isEqualTo(3);
        assertThat(buffer.stats().maxLostRun()).isEqualTo(1);
    }

    @Test
    void aTimestampGapWithoutASequenceGapIsTheSenderSkippingFramesAndPlaysSilence() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        RtpPacket afterSkip = new RtpPacket(
                OpusRtp.PAYLOAD_TYPE, true, 65_531, T0 + 3L * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL, SSRC, opus(9));
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
                new RtpPacket(OpusRtp.PAYLOAD_TYPE, true, 65_531, T0 + 960 + 100 & 0xFFFF_FFFFL, SSRC, opus(7));
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
                .as("frame 1 missing: it waits for a packet to recover it from")
                .hasSize(1);
        assertThat(buffer.nextTimeout()).isEqualTo(40 + AudioJitterBuffer.FEC_WAIT_MILLIS);
        assertThat(drain(buffer, 40 + AudioJitterBuffer.FEC_WAIT_MILLIS))
                .as("nothing after it yet: lost, or the sender fell silent")
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Gap");
        buffer.offer(frame(1), 55); // its slot was at 40
        assertThat(buffer.stats().late()).isEqualTo(1);
        assertThat(buffer.queued()).isZero();
        assertThat(buffer.nextTimeout())
                .as("one late packet: the schedule stays (the slot at 60, inside the gap: waiting for FEC until 70)")
                .isEqualTo(60 + AudioJitterBuffer.FEC_WAIT_MILLIS);
        assertThat(drain(buffer, 60 + AudioJitterBuffer.FEC_WAIT_MILLIS)).hasSize(1);
        buffer.offer(frame(2), 80); // its slot was at 60: the second late packet within a second
        assertThat(buffer.stats().late()).isEqualTo(2);
        assertThat(buffer.nextTimeout())
                .as("the schedule moves the lesser lateness (15 ms) later (inside the gap: + the FEC wait)")
                .isEqualTo(80 + 15 + AudioJitterBuffer.FEC_WAIT_MILLIS);
    }

    /**
     * Inside a silence the sender left out (DTX) nothing is queued slot after slot: the player woke
     * at each slot's time only to find it had to wait {@link AudioJitterBuffer#FEC_WAIT_MILLIS} for
     * a packet that might recover it, then woke again to play the gap, two wake-ups a frame for a
     * third of the synthetic camera's sound. A packet that comes wakes it anyway (it makes the slot
     * due at once), so inside a gap the next time to wake is the end of the FEC wait; the slots play
     * at the same times as before.
     */
    @Test
    void insideAGapTheNextTimeoutIsTheEndOfTheFecWaitNotTheSlotsTime() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        buffer.offer(frame(0), 0);
        assertThat(drain(buffer, 20)).hasSize(1);
        assertThat(buffer.nextTimeout())
                .as("after a packet played: the next slot's time, where its packet may be")
                .isEqualTo(40);
        assertThat(drain(buffer, 40)).isEmpty();
        assertThat(drain(buffer, 40 + AudioJitterBuffer.FEC_WAIT_MILLIS))
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Gap");
        assertThat(buffer.nextTimeout())
                .as("inside a gap, nothing queued: the slot at 60 waits for FEC until 70 before it plays")
                .isEqualTo(60 + AudioJitterBuffer.FEC_WAIT_MILLIS);
        assertThat(drain(buffer, 60)).as("the slot's time: still waiting").isEmpty();
        assertThat(drain(buffer, 60 + AudioJitterBuffer.FEC_WAIT_MILLIS))
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Gap");

        // Frames 1 to 3 left out (DTX): frame 4 comes with the sequence number after frame 0's, a
        // talk spurt's start; its slot is at 100.
        buffer.offer(
                new RtpPacket(
                        OpusRtp.PAYLOAD_TYPE,
                        true,
                        65_531,
                        T0 + 4L * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL,
                        SSRC,
                        opus(4)),
                80);
        assertThat(buffer.nextTimeout())
                .as("a packet came: the slot at 80 is due at once")
                .isEqualTo(80);
        assertThat(drain(buffer, 80))
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("Silence");
        assertThat(buffer.nextTimeout()).isEqualTo(100);
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
        // The newest frame waits no longer than 40 + 60 ms: frames 6-9 are left, at 40, 60, 80 and 100 ms.
        assertThat(buffer.stats().skipped()).isEqualTo(6);
        assertThat(buffer.nextTimeout()).isEqualTo(40);
        assertThat(drain(buffer, 100)).hasSize(4).allMatch(s -> s instanceof AudioJitterBuffer.Packet);
    }

    /**
     * bench/audio.sh, clean and at 5 % loss: one packet held up 25 ms (a stall of one thread on
     * either side) moved the whole schedule 25 ms later, and the delay came back only a second
     * later: the marks in that second set the run's p95 (93–120 ms against a p50 of 51–71 ms).
     */
    @Test
    void oneLatePacketAmongTimelyOnesCostsItsOwnFrameNotTheDelayOfTheFramesAfterIt() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long now = 20L * i;
            slots.addAll(drain(buffer, now));
            if (i == 40) {
                assertThat(buffer.nextTimeout()).as("frame 40's slot, before").isEqualTo(20 + 800);
            }
            if (i != 30) {
                buffer.offer(frame(i), now);
            }
            if (i == 32) {
                buffer.offer(frame(30), now + 5); // its slot was at 620: 25 ms late
            }
        }

        assertThat(buffer.stats().late()).isEqualTo(1);
        assertThat(slots.get(30)).as("recovered from 31's FEC").isInstanceOf(AudioJitterBuffer.Recovered.class);
        assertThat(buffer.nextTimeout())
                .as("frame 99 plays when it would have without the late packet")
                .isEqualTo(20 + 20 * 99);
        assertThat(slots.subList(31, slots.size())).allMatch(s -> s instanceof AudioJitterBuffer.Packet);
    }

    /**
     * bench/audio.sh, a run at 5 % loss with p50 35 ms and not one frame recovered: the camera's
     * first 7 frames came in one burst, the player's thread started late, and the catch-up counted
     * frames already overdue as sound queued ahead: it moved the schedule earlier until the timely
     * packets had 5–8 ms to spare instead of the 20 ms allowance, too little for a lost frame's
     * successor to arrive in time (no FEC) or for a stall.
     */
    @Test
    void aBurstAtTheStartWhileThePlayerIsBehindLeavesTimelyPacketsTheirAllowance() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        Map<Long, Long> arrivals = new HashMap<>();
        List<Long> slack = new ArrayList<>();
        for (long now = 0; now <= 3_000; now++) {
            if (now >= 150) { // the player's thread starts 150 ms late
                AudioJitterBuffer.Slot slot;
                while ((slot = buffer.poll(now)) != null) {
                    Long arrived = arrivals.get(slot.timestamp());
                    if (slot instanceof AudioJitterBuffer.Packet && arrived != null && arrived >= 1_000) {
                        slack.add(now - arrived);
                    }
                }
            }
            if (now == 0) {
                for (int i = 0; i < 7; i++) { // frames 0-6 in one burst: 140 ms of sound
                    buffer.offer(frame(i), now);
                }
            } else if (now % 20 == 0) { // then one frame every 20 ms, as captured
                int index = 6 + (int) (now / 20);
                buffer.offer(frame(index), now);
                arrivals.put(frame(index).timestamp(), now);
            }
        }

        assertThat(buffer.stats().late()).isZero();
        assertThat(slack)
                .as("how long timely packets waited to be played, after the start")
                .isNotEmpty()
                .allMatch(waited -> waited >= 20);
    }

    @Test
    void aPathThatGetsSlowerMovesTheScheduleAtItsSecondLatePacket() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        for (long now = 0; now <= 2_100; now++) { // a packet every 20 ms, 30 ms more on the way from frame 30 on
            slots.addAll(drain(buffer, now));
            long sent = now < 630 ? now : now - 30;
            if (sent % 20 == 0 && sent / 20 < 100 && (now < 600 || now >= 630)) {
                buffer.offer(frame((int) (sent / 20)), now);
            }
        }

        assertThat(buffer.stats().late())
                .as("frames 30 and 31 come after their slots")
                .isEqualTo(2);
        assertThat(slots.subList(32, 100))
                .as("from then on every frame is played from its packet")
                .allMatch(s -> s instanceof AudioJitterBuffer.Packet);
    }

    @Test
    void delayASpikeAddedIsGivenBackOneFrameAWindowOnceNoPacketNeedsIt() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        for (int i = 0; i < 150; i++) {
            long now = 20L * i;
            if (i != 5 && i != 6) {
                buffer.offer(frame(i), now);
            }
            if (i == 9) {
                buffer.offer(frame(5), now); // held up 60 ms past its slot (120)
                buffer.offer(frame(6), now + 20); // and 60 ms past its (140): the schedule moves 60 ms later
            }
            drain(buffer, now);
        }

        assertThat(buffer.stats().late()).isEqualTo(2);
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
                .extracting(s -> ((AudioJitterBuffer.Packet) s).opus()[1])
                .isEqualTo((byte) (500 & 0xff));
    }

    /**
     * A packet off the frame grid (a sender that restarted it) in a slot skipped to catch up was
     * left queued below the schedule, then played as the next slot's packet: the schedule rolled
     * back by every frame skipped, and 39 slots came due at once (AudioFuzzTest.jitterBufferToSpeaker's
     * pacing property fails on the same three packets).
     */
    @Test
    void aSkippedSlotTakesItsOffGridPacketWithItInsteadOfRollingTheScheduleBack() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(60);
        buffer.offer(frame(0), 1_000);
        buffer.offer(offGrid(1, 500), 1_000);
        buffer.offer(offGrid(2, 40_000), 1_000); // 833 ms ahead: the slots before it are skipped

        assertThat(buffer.stats().skipped()).isEqualTo(39);
        assertThat(drain(buffer, 1_060)).singleElement().isInstanceOf(AudioJitterBuffer.Silence.class);
        assertThat(drain(buffer, 1_080)).singleElement().isInstanceOf(AudioJitterBuffer.Silence.class);
        assertThat(drain(buffer, 1_100))
                .singleElement()
                .satisfies(slot ->
                        assertThat(((AudioJitterBuffer.Packet) slot).opus()).containsExactly(opus(2)));
    }

    /**
     * Two packets off the frame grid within one 20 ms slot: the second, left queued below the
     * schedule once the first played, was played in a slot of its own only 325 samples (7 ms)
     * later, so slots came due faster than the clock (found by AudioFuzzTest.jitterBufferToSpeaker's
     * pacing property, its jitter buffer alone fuzzed without Opus decoding).
     */
    @Test
    void packetsOfASlotAlreadyPlayedAreDroppedAsDuplicatesInsteadOfPlayingFasterThanTheClock() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(60);
        buffer.offer(frame(0), 1_000);
        buffer.offer(offGrid(1, 325), 1_000);
        buffer.offer(offGrid(2, 650), 1_000);

        assertThat(drain(buffer, 1_060)).singleElement().isInstanceOf(AudioJitterBuffer.Packet.class);
        // The next slot (1 080) had nothing and waited its 10 ms for FEC: a gap, not two more packets.
        assertThat(drain(buffer, 1_100)).singleElement().isInstanceOf(AudioJitterBuffer.Gap.class);
        assertThat(buffer.stats().duplicates()).isEqualTo(2);
    }

    private static RtpPacket offGrid(int sequence, int samplesAfterFirst) {
        return new RtpPacket(
                OpusRtp.PAYLOAD_TYPE,
                false,
                65_530 + sequence & 0xFFFF,
                T0 + samplesAfterFirst & 0xFFFF_FFFFL,
                SSRC,
                opus(sequence));
    }
}
