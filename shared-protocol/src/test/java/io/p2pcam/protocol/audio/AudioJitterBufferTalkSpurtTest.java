package io.p2pcam.protocol.audio;

import static io.p2pcam.protocol.audio.AudioPackets.SSRC;
import static io.p2pcam.protocol.audio.AudioPackets.T0;
import static io.p2pcam.protocol.audio.AudioPackets.drain;
import static io.p2pcam.protocol.audio.AudioPackets.opus;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The jitter buffer and a sender in DTX (docs/PROTOCOL.md §10.7, decision 0031): silence told from
 * loss by sequence numbers, gaps settled by the next packet, talk spurts and their marker bit, and
 * senders whose marker bits say nothing.
 */
class AudioJitterBufferTalkSpurtTest {
    /** A sender in DTX (RFC 7587 §3.1.3): packets numbered one after the other, frames skipped. */
    private static RtpPacket sent(int sequence, int index, boolean marker) {
        return new RtpPacket(
                OpusRtp.PAYLOAD_TYPE,
                marker,
                65_530 + sequence & 0xFFFF,
                T0 + (long) index * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL,
                SSRC,
                opus(index));
    }

    /** Frames 0–4 sent, 5–14 silent (not sent), 15–19 sent, each packet arriving 20 ms before its slot. */
    private static List<AudioJitterBuffer.Slot> talkSilenceTalk(AudioJitterBuffer buffer, Set<Integer> lostOnTheWay) {
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        int sequence = 0;
        for (int index = 0; index < 20; index++) {
            long arrival = 1_000 + 20L * index;
            slots.addAll(drain(buffer, arrival));
            if (index >= 5 && index < 15) {
                continue;
            }
            RtpPacket packet = sent(sequence++, index, index == 0 || index == 15);
            if (!lostOnTheWay.contains(index)) {
                buffer.offer(packet, arrival);
            }
        }
        slots.addAll(drain(buffer, 1_000 + 20 * 20 + AudioJitterBuffer.FEC_WAIT_MILLIS));
        return slots;
    }

    private static String kinds(List<AudioJitterBuffer.Slot> slots) {
        StringBuilder kinds = new StringBuilder();
        for (AudioJitterBuffer.Slot slot : slots) {
            kinds.append(slot.getClass().getSimpleName().charAt(0));
        }
        return kinds.toString();
    }

    @Test
    void framesASenderInDtxLeftOutArePlayedAsAGapAndCountedAsSilenceNotLossOnceTheNextPacketComes() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);

        List<AudioJitterBuffer.Slot> slots = talkSilenceTalk(buffer, Set.of());

        assertThat(kinds(slots))
                .as("the last silent frame is due when the next spurt's first packet came: known silence")
                .isEqualTo("PPPPP" + "GGGGGGGGG" + "S" + "PPPPP");
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.lost()).isZero();
        assertThat(stats.silent()).isEqualTo(10);
        assertThat(stats.gaps()).isEqualTo(9);
        assertThat(stats.maxLostRun()).isZero();
    }

    @Test
    void aTalkSpurtsLostFirstPacketIsStillRebuiltFromTheNextOnesFec() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);

        List<AudioJitterBuffer.Slot> slots = talkSilenceTalk(buffer, Set.of(15));

        assertThat(kinds(slots)).isEqualTo("PPPPP" + "GGGGGGGGGG" + "RPPPP");
        assertThat(((AudioJitterBuffer.Recovered) slots.get(15)).next()).containsExactly(opus(16));
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.lost()).isEqualTo(1);
        assertThat(stats.recovered()).isEqualTo(1);
        assertThat(stats.silent()).isEqualTo(10);
        assertThat(stats.maxLostRun()).as("the rebuilt frame is heard").isZero();
    }

    @Test
    void aPacketLostBeforeTheSilenceIsCountedLostOnceTheTalkSpurtsFirstPacketComes() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);

        List<AudioJitterBuffer.Slot> slots = talkSilenceTalk(buffer, Set.of(4));

        assertThat(kinds(slots)).isEqualTo("PPPP" + "GGGGGGGGGG" + "S" + "PPPPP");
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.lost()).as("the spurt's last frame").isEqualTo(1);
        assertThat(stats.gapsLost()).isEqualTo(1);
        assertThat(stats.silent()).isEqualTo(10);
        assertThat(stats.maxLostRun()).isEqualTo(1);
    }

    @Test
    void aPacketLostAfterTheSilenceIsCountedAsTheFrameBeforeTheOneThatCame() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);

        // The spurt's first two packets lost: the third (no marker) tells two are missing.
        List<AudioJitterBuffer.Slot> slots = talkSilenceTalk(buffer, Set.of(15, 16));

        assertThat(kinds(slots)).isEqualTo("PPPPP" + "GGGGGGGGGGG" + "RPPP");
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.lost()).isEqualTo(2);
        assertThat(stats.recovered()).isEqualTo(1);
        assertThat(stats.silent())
                .as("the gap's first frame is taken for the other lost one: the counts are right")
                .isEqualTo(10);
        assertThat(stats.maxLostRun()).isEqualTo(1);
    }

    /**
     * FFmpeg's RTP muxer (Debian's 5.1) sets the marker bit on every Opus packet: read as "a talk
     * spurt starts here", it said that no frame before a packet was ever its own predecessor, and no
     * lost frame was rebuilt from the next packet's FEC. A marked packet that directly follows the
     * packet before it (the next sequence number, the next frame's timestamp) starts no spurt: such a
     * sender's markers are not believed.
     */
    @Test
    void aSenderThatMarksEveryPacketStillHasItsLostFramesRebuiltFromFec() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        Set<Integer> lostOnTheWay = Set.of(7, 30);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        for (int index = 0; index < 40; index++) {
            long arrival = 1_000 + 20L * index;
            slots.addAll(drain(buffer, arrival));
            if (!lostOnTheWay.contains(index)) {
                buffer.offer(sent(index, index, true), arrival);
            }
        }
        slots.addAll(drain(buffer, 1_000 + 20 + 20 * 39 + AudioJitterBuffer.FEC_WAIT_MILLIS));

        assertThat(kinds(slots)).isEqualTo("P".repeat(7) + "R" + "P".repeat(22) + "R" + "P".repeat(9));
        assertThat(((AudioJitterBuffer.Recovered) slots.get(7)).next()).containsExactly(opus(8));
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.lost()).isEqualTo(2);
        assertThat(stats.recovered()).isEqualTo(2);
        assertThat(stats.maxLostRun()).isZero();
    }

    @Test
    void aSenderThatMarksEveryPacketHasAPacketLostInAnOpenGapCountedAsTheFrameBeforeTheNext() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        buffer.offer(sent(0, 0, true), 1_000);
        buffer.offer(sent(1, 1, true), 1_020);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>(drain(buffer, 1_060 + AudioJitterBuffer.FEC_WAIT_MILLIS));
        buffer.offer(sent(3, 3, true), 1_075); // 2 lost; 3 arrives after slot 2 was played as a gap
        slots.addAll(drain(buffer, 1_100));

        assertThat(kinds(slots)).isEqualTo("PPGP");
        assertThat(buffer.stats().lost()).isEqualTo(1);
        assertThat(buffer.stats().silent()).isZero();
    }

    /**
     * A stalled path hands over a DTX sender's backlog at once (a loaded machine: the camera's
     * network thread did not run for half a second): catching up skips slots of time, most of them
     * silence the sender never sent, so the slots skipped are not the frames said and not played.
     */
    @Test
    void aBacklogCaughtUpCountsTheSlotsSkippedAndApartTheSentPacketsThatWereNotPlayed() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        int[] sentFrames = {0, 1, 2, 3, 12, 24, 25, 26}; // sound, its hangover, a comfort-noise frame, sound
        for (int sequence = 0; sequence < sentFrames.length; sequence++) {
            buffer.offer(sent(sequence, sentFrames[sequence], sequence == 0 || sequence == 5), 0);
        }

        List<AudioJitterBuffer.Slot> slots = drain(buffer, 80);

        // The newest frame waits no longer than 20 + 60 ms: slots 0-22 skipped, 23 (not sent) is silence.
        assertThat(kinds(slots)).isEqualTo("SPPP");
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.skipped()).as("slots skipped").isEqualTo(23);
        assertThat(stats.skippedPackets())
                .as("frames 0-3 and 12, sent and skipped")
                .isEqualTo(5);
        assertThat(stats.played() + stats.lost() + stats.skippedPackets())
                .as("every frame sent is played, lost or skipped")
                .isEqualTo(sentFrames.length);
    }
}
