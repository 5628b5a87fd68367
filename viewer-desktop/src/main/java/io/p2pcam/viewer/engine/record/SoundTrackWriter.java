package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.audio.OpusRtp;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Writes a recording's sound track: the packets {@link SoundTimeline} placed, in order, each after
 * the time before it (DTX silence, loss, an outage the sound came back from) filled with empty
 * Opus frames, so that the track stays continuous and a player that lays the samples end to end
 * keeps them in sync with the pictures.
 *
 * <p>An empty frame is a TOC byte alone (frame count code 0: one frame of 0 bytes, RFC 6716
 * §3.2.1; a decoder conceals it, as it would a DTX frame) in the configuration of the packet after
 * the gap, or of 10 ms in its mode where the gap is not a whole number of its frames; less than
 * 10 ms is left to the MP4, which has the packet before last until the next starts. The MP4 could
 * hold a gap as one sample lasting all of it (FFmpeg's mov muxer takes a sample's duration from
 * the next one's time), but a decoder gives only the sample's own 20 ms for it: a player laying
 * the decoded sound end to end would then play the rest of the file early by the gap.
 *
 * <p>The work is bounded per call: an hour without sound is 180,000 empty frames, which written in
 * one go under the recorder's lock would hold up the pictures and a stop for seconds. {@link
 * #writeSome} writes at most {@link #MAX_FRAMES_PER_CALL} frames; the packets placed meanwhile
 * wait their turn, and the next call goes on where the fill stopped (each call of the recorder
 * advances the track by several seconds, so it catches up with a gap of an hour within seconds).
 * {@link #writeAll} writes the rest when the recording stops.
 *
 * <p>Not thread-safe: the recorder calls it under its lock, or after taking the muxer away from
 * every other thread. The counts may be read from any thread.
 */
final class SoundTrackWriter {

    /** The most frames (packets and empty ones) one {@link #writeSome} writes: 5 s of 20 ms. */
    static final int MAX_FRAMES_PER_CALL = 250;

    private static final int TEN_MS = OpusRtp.CLOCK_RATE / 100;

    private final ArrayDeque<SoundTimeline.Placed> waiting = new ArrayDeque<>();
    /** How far the gap before the first packet waiting is filled, in samples. */
    private long filledUntil;
    /** The last packet written: silence is written in its configuration. */
    private byte[] lastWritten;

    private volatile long packetsWritten;
    private volatile long framesFilled;

    /** Queues packets (and silence) placed by the sound's timeline, in the order it answered them. */
    void add(List<SoundTimeline.Placed> placed) {
        for (SoundTimeline.Placed packet : placed) {
            if (waiting.isEmpty()) {
                filledUntil = packet.gapFrom();
            }
            waiting.addLast(packet);
        }
    }

    /** Writes what is waiting, at most {@link #MAX_FRAMES_PER_CALL} frames. */
    void writeSome(Mp4Muxer muxer) throws RecordingException {
        write(muxer, MAX_FRAMES_PER_CALL);
    }

    /** Writes all that is waiting (the recording is stopping). */
    void writeAll(Mp4Muxer muxer) throws RecordingException {
        write(muxer, Long.MAX_VALUE);
    }

    private void write(Mp4Muxer muxer, long frames) throws RecordingException {
        for (long written = 0; written < frames && !waiting.isEmpty(); written++) {
            SoundTimeline.Placed next = waiting.getFirst();
            if (next.pts() - filledUntil >= TEN_MS) {
                // Silence is filled like the packet before it, a gap like the packet after it.
                filledUntil += fillOne(muxer, next.opus() != null ? next.opus() : lastWritten, next.pts());
                framesFilled++;
                continue;
            }
            if (next.opus() != null) {
                muxer.writeAudio(next.opus(), next.pts(), next.samples());
                lastWritten = next.opus();
                packetsWritten++;
            }
            waiting.removeFirst();
            if (!waiting.isEmpty()) {
                filledUntil = waiting.getFirst().gapFrom();
            }
        }
    }

    /**
     * Writes one empty frame at {@link #filledUntil}, in the configuration of {@code opus} (the
     * packet at {@code pts} after the gap) if a whole one fits before it, else of 10 ms; answers
     * its samples.
     */
    private int fillOne(Mp4Muxer muxer, byte[] opus, long pts) throws RecordingException {
        byte[] empty = OpusRtp.emptyFrameLike(opus);
        int emptySamples = OpusRtp.samplesOf(empty);
        if (emptySamples >= TEN_MS && pts - filledUntil >= emptySamples) {
            muxer.writeAudio(empty, filledUntil, emptySamples);
            return emptySamples;
        }
        muxer.writeAudio(OpusRtp.emptyTenMillisecondFrameLike(opus), filledUntil, TEN_MS);
        return TEN_MS;
    }

    /** Opus packets written so far. */
    long packetsWritten() {
        return packetsWritten;
    }

    /** Empty frames written into the gaps between packets so far. */
    long framesFilled() {
        return framesFilled;
    }
}
