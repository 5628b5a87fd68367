package io.p2pcam.media.codec.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.p2pcam.media.codec.OpusDecoder;
import io.p2pcam.media.codec.SlotDecoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.RtpPacket;

/**
 * The sound path fuzzed with packets from anyone (the camera's sound to a viewer, a viewer's
 * talkback to the camera): the decoder's decode, recover and conceal return -1 or a sample count
 * that fits the buffer, and never throw, whatever came before; the jitter buffer and the slot
 * decoder behind it never throw and keep their pace and bounds. Ordinary test runs replay the
 * inputs under src/test/resources/io/p2pcam/media/codec/fuzz/AudioFuzzTestInputs; {@code
 * JAZZER_FUZZ=1} fuzzes (scripts/fuzz.sh).
 */
class AudioFuzzTest {
    private static final long SSRC = 0x1234_5678L;
    private static final int RESYNC_SAMPLES = (int) (AudioJitterBuffer.RESYNC_MILLIS * OpusRtp.CLOCK_RATE / 1000);
    /** Every queued packet's timestamp lies within one resync window after the next slot's. */
    private static final int MAX_QUEUED = RESYNC_SAMPLES + 1;

    @FuzzTest(maxDuration = "20s")
    void opusDecoder(FuzzedDataProvider data) {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusDecoder decoder = new OpusDecoder()) {
            while (data.remainingBytes() > 0) {
                int op = data.consumeInt(0, 2);
                int samples = switch (op) {
                    case 0 -> decoder.decode(data.consumeBytes(data.consumeInt(0, 1600)), pcm);
                    case 1 -> decoder.recover(data.consumeBytes(data.consumeInt(0, 1600)), pcm);
                    default -> decoder.conceal(pcm);
                };
                if (samples < -1 || samples > pcm.length) {
                    throw new IllegalStateException("op " + op + " gave " + samples + " samples");
                }
            }
        }
    }

    /**
     * The sound receive path, jitter buffer to speaker (docs/PROTOCOL.md §10.7: the viewer's
     * {@code AudioPlayer} and the camera's talkback {@code Speaker} alike), fed any run of packets
     * from the peer: sequence numbers and timestamps that step as a sender's do, jump off the frame
     * grid, wrap, repeat or are anything, any payload and marker, another SSRC now and then, at any
     * times. Neither {@link AudioJitterBuffer} nor {@link SlotDecoder} ever throws, every slot
     * renders into one frame of {@value OpusRtp#FRAME_SAMPLES} samples, the buffer never holds more
     * packets than one resync window has sample offsets, no slot is left overdue after a poll, and
     * the slots a poll hands out are paced by the clock: at most one per 20 ms since the last poll
     * (plus the FEC wait), so that no packet can roll the schedule back and make the player burst
     * out frames. Replays {@code AudioFuzzTestInputs/jitterBufferToSpeaker/schedule-rollback}: three
     * packets, on the grid, 500 samples off it and 833 ms ahead, then one poll (39 slots at once
     * before AudioJitterBuffer.skipOne took off-grid packets with their slot; written by hand: the fuzzer had not reached it in 3 rounds), and the two {@code crash-*} inputs a run of this target without the Opus decoding found: the same rollback, and two off-grid packets within one slot played 7 ms apart.
     */
    @FuzzTest(maxDuration = "20s")
    void jitterBufferToSpeaker(FuzzedDataProvider data) {
        AudioJitterBuffer buffer = new AudioJitterBuffer(data.consumeInt(0, 200));
        long now = 1_000_000;
        long lastPoll = now;
        int sequence = data.consumeInt(0, 0xFFFF);
        long timestamp = data.consumeLong(0, 0xFFFF_FFFFL);
        try (SlotDecoder speaker = new SlotDecoder()) {
            while (data.remainingBytes() > 0) {
                now += data.consumeInt(0, 120);
                if (data.consumeBoolean()) {
                    sequence = data.consumeBoolean()
                            ? data.consumeInt(0, 0xFFFF)
                            : sequence + data.consumeInt(-3, 5) & 0xFFFF;
                    timestamp = switch (data.consumeInt(0, 2)) {
                        case 0 -> data.consumeLong(0, 0xFFFF_FFFFL); // anything
                        case 1 -> timestamp + (long) data.consumeInt(-3, 5) * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL;
                        default ->
                            timestamp + data.consumeInt(-OpusRtp.FRAME_SAMPLES, RESYNC_SAMPLES)
                                    & 0xFFFF_FFFFL; // off the frame grid, within the resync window
                    };
                    long ssrc = data.consumeInt(0, 15) == 0 ? SSRC + 1 : SSRC;
                    byte[] payload = data.consumeBytes(data.consumeInt(0, 400));
                    buffer.offer(
                            new RtpPacket(
                                    OpusRtp.PAYLOAD_TYPE, data.consumeBoolean(), sequence, timestamp, ssrc, payload),
                            now);
                    if (buffer.queued() > MAX_QUEUED) {
                        throw new IllegalStateException(buffer.queued() + " packets queued");
                    }
                    continue;
                }
                int slots = 0;
                long shortestMillis = Long.MAX_VALUE;
                AudioJitterBuffer.Slot slot;
                while ((slot = buffer.poll(now)) != null) {
                    short[] pcm = speaker.render(slot);
                    if (pcm.length != slot.samples()) {
                        throw new IllegalStateException(pcm.length + " samples for " + slot);
                    }
                    slots++;
                    // Slots come due no faster than the clock: as many as fit in the time since the last
                    // poll, in the shortest slot's time (a frame of the sender's), and two more.
                    shortestMillis = Math.min(shortestMillis, slot.samples() / (OpusRtp.CLOCK_RATE / 1000));
                    long allowed = (now - lastPoll + AudioJitterBuffer.FEC_WAIT_MILLIS) / shortestMillis + 2;
                    if (slots > allowed) {
                        throw new IllegalStateException(
                                slots + " slots due " + (now - lastPoll) + " ms after the last poll: " + slot);
                    }
                }
                lastPoll = now;
                if (buffer.nextTimeout() < now && buffer.queued() > 0) {
                    throw new IllegalStateException("a slot overdue after polling");
                }
            }
        }
    }
}
