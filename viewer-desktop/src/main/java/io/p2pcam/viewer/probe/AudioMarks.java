package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.MarkTone;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.viewer.engine.audio.AudioSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What `probe` hears: a sink that finds the synthetic camera's timing marks (a tone burst starting
 * at every 500 ms of capture time, see camera-emulator's SyntheticAudioSource) in the played
 * sound. A mark's onset is where the burst's {@link TimingMarks#MARK_HZ} Hz tone reaches half the
 * burst's amplitude ({@link #TONE_THRESHOLD}) after at least {@link #QUIET_MILLIS} ms without a sample
 * at or above a quarter of it ({@link #TRIGGER}): the tone's amplitude over one period of it ({@link
 * #WINDOW_SAMPLES}, 1 ms, across frame boundaries) ending at each sample, the onset the middle of the
 * first window at or above the threshold, within 1 ms of a clean burst's start. Its capture time
 * comes from the frame's RTP timestamp (the camera's 48 kHz capture clock, unwrapped near this
 * machine's clock) and is rounded to the nearest mark: the rounding is the mark's position error
 * (the codec's look-ahead, ~6.5 ms), and play time minus the mark's time is capture-to-playback
 * latency. Both clocks must be one machine's or synchronised ones, as for the video stamps.
 *
 * <p>The tone, not the samples: Opus codes a burst that starts late in a 20 ms frame, in some marks,
 * with the frame's CELT layer spreading noise back through it (pre-echo), samples of it up to a third
 * (worst a half) of the burst's amplitude ~8 ms before the tone; a quarter-amplitude sample threshold
 * found those onsets ~8 ms early. The tone's own amplitude in that noise stays below a sixth of the
 * burst's. Cheaply: a window's tone amplitude is at most twice its loudest sample's, so only windows
 * holding a sample at or above {@link #TRIGGER} can reach the threshold, and only those are measured,
 * while waiting for an onset; during and after a burst, samples at or above {@link #TRIGGER} keep it
 * under way.
 *
 * <p>Each frame's playout is kept too (when, its capture time, what the jitter buffer decided for
 * it), for {@code probe --audio-trace}: the schedule's delay over a run, and the marks beside it.
 *
 * <p>The player's thread writes, the probe's thread reads after it: synchronised.
 */
final class AudioMarks implements AudioSink {
    static final int MARK_PERIOD_SAMPLES = OpusRtp.CLOCK_RATE / 2;
    /** Half the burst's amplitude, of its tone. */
    static final int TONE_THRESHOLD = TimingMarks.MARK_AMPLITUDE / 2;
    /** A quarter of the burst's amplitude, of a sample: a window below it everywhere has too little tone. */
    static final int TRIGGER = TimingMarks.MARK_AMPLITUDE / 4;
    /** One period of the burst's tone: 48 samples. */
    static final int WINDOW_SAMPLES = MarkTone.WINDOW_SAMPLES;

    static final long QUIET_MILLIS = 200;

    /** The most frames kept for the trace (10 minutes). */
    static final int MAX_TRACED_FRAMES = 30_000;

    /**
     * One mark heard: its capture time, when it was played, how far from the mark its onset was, and
     * what the jitter buffer decided for the two frames before the onset's and for the onset's (P
     * packet, R rebuilt from FEC, L lost and concealed, S silence): "PLP" is a burst heard from its
     * second frame on, after its first was lost.
     */
    record Mark(long markMicros, long playedMicros, long positionErrorMicros, String slots) {
        long latencyMicros() {
            return playedMicros - markMicros;
        }

        /** The capture time of the onset itself. */
        long onsetMicros() {
            return markMicros + positionErrorMicros;
        }

        /** Whether a lost, concealed frame came at or just before the onset: the burst's start was not heard. */
        boolean afterLoss() {
            return slots.indexOf('L') >= 0;
        }
    }

    /** One frame played: when (wall clock µs), its capture time (µs), the slot's kind and its loudest sample. */
    private record Frame(long playedMicros, long captureMicros, char kind, int peak) {}

    private final Clock clock;
    private final List<Mark> marks = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    /** The last sample of the burst under way (at or above {@link #TRIGGER}), or the onset's. */
    private long lastLoudSample = Long.MIN_VALUE;
    /** The last sample at or above {@link #TRIGGER}: the windows holding it are measured. */
    private long lastTrigger = Long.MIN_VALUE / 2;
    /** The last {@code WINDOW_SAMPLES - 1} samples played, ending at {@link #tailEnd} (exclusive). */
    private final short[] tail = new short[WINDOW_SAMPLES - 1];

    private long tailEnd = Long.MIN_VALUE;
    /**
     * What the jitter buffer decided for the two frames before the one being played and for it,
     * oldest first: three chars, not a string built per frame (a mark needs them twice a second).
     */
    private char kindThreeBefore = 'P';

    private char kindTwoBefore = 'P';

    private char kindBefore = 'P';
    private char kind = 'P';

    AudioMarks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void decided(AudioJitterBuffer.Slot slot) {
        kindThreeBefore = kindTwoBefore;
        kindTwoBefore = kindBefore;
        kindBefore = kind;
        kind = switch (slot) {
            case AudioJitterBuffer.Packet packet -> 'P';
            case AudioJitterBuffer.Recovered recovered -> 'R';
            case AudioJitterBuffer.Lost lost -> 'L';
            case AudioJitterBuffer.Silence silence -> 'S';
            case AudioJitterBuffer.Gap gap -> 'G';
        };
    }

    @Override
    public synchronized void play(short[] pcm, long rtpTimestamp) {
        Instant now = clock.instant();
        long playedMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000 + outputDelayMillis() * 1000;
        long firstSample = OpusRtp.unwrap(rtpTimestamp, OpusRtp.sampleAt(playedMicros));
        long quietSamples = QUIET_MILLIS * OpusRtp.CLOCK_RATE / 1000;
        if (lastLoudSample == Long.MIN_VALUE) {
            lastLoudSample = firstSample; // a burst under way when we start is no onset
        }
        if (tailEnd != firstSample) {
            Arrays.fill(tail, (short) 0); // not the sound just before: none
        }
        int peak = 0;
        for (int i = 0; i < pcm.length; i++) { // one pass over the samples: the peak and the onsets
            int magnitude = Math.abs(pcm[i]);
            peak = Math.max(peak, magnitude);
            long sample = firstSample + i;
            boolean waiting = sample - lastLoudSample > quietSamples;
            if (magnitude >= TRIGGER) {
                lastTrigger = sample;
                if (!waiting) {
                    lastLoudSample = sample; // the burst goes on
                    continue;
                }
            }
            if (!waiting || sample - lastTrigger >= WINDOW_SAMPLES || !MarkTone.reaches(tail, pcm, i, TONE_THRESHOLD)) {
                continue;
            }
            int onset = i - WINDOW_SAMPLES + 1 + WINDOW_SAMPLES / 2; // the window's middle, maybe in the frame before
            long onsetSample = firstSample + onset;
            long mark = Math.round((double) onsetSample / MARK_PERIOD_SAMPLES) * MARK_PERIOD_SAMPLES;
            long markMicros = OpusRtp.microsOf(mark);
            char[] slots = onset >= 0
                    ? new char[] {kindTwoBefore, kindBefore, kind}
                    : new char[] {kindThreeBefore, kindTwoBefore, kindBefore};
            marks.add(new Mark(
                    markMicros,
                    playedMicros + OpusRtp.microsOf(onset),
                    OpusRtp.microsOf(onsetSample) - markMicros,
                    new String(slots)));
            lastLoudSample = onsetSample;
        }
        keepTail(pcm, firstSample);
        if (frames.size() < MAX_TRACED_FRAMES) {
            frames.add(new Frame(playedMicros, OpusRtp.microsOf(firstSample), kind, peak));
        }
    }

    private void keepTail(short[] pcm, long firstSample) {
        int kept = Math.min(pcm.length, tail.length);
        System.arraycopy(tail, kept, tail, 0, tail.length - kept);
        System.arraycopy(pcm, pcm.length - kept, tail, tail.length - kept, kept);
        tailEnd = firstSample + pcm.length;
    }

    synchronized List<Mark> marks() {
        return List.copyOf(marks);
    }

    /**
     * Writes the trace: a line per frame played ({@code frame <played ms> <capture ms> <delay ms>
     * <P|R|L|S> <peak>}, ms of the wall clock since the first frame's capture; the delay is the
     * schedule's, capture to playout) and a line per mark ({@code mark <capture ms> <latency ms>
     * <onset error ms> <slots>}).
     */
    synchronized void writeTrace(Path file) throws IOException {
        long origin = frames.isEmpty() ? 0 : frames.getFirst().captureMicros();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println(
                    "# frame played_ms capture_ms delay_ms kind peak | mark capture_ms latency_ms onset_error_ms slots");
            for (Frame frame : frames) {
                out.printf(
                        Locale.ROOT,
                        "frame %.1f %.1f %.1f %c %d%n",
                        (frame.playedMicros() - origin) / 1000.0,
                        (frame.captureMicros() - origin) / 1000.0,
                        (frame.playedMicros() - frame.captureMicros()) / 1000.0,
                        frame.kind(),
                        frame.peak());
            }
            for (Mark mark : marks) {
                out.printf(
                        Locale.ROOT,
                        "mark %.1f %.1f %.1f %s%n",
                        (mark.markMicros() - origin) / 1000.0,
                        mark.latencyMicros() / 1000.0,
                        mark.positionErrorMicros() / 1000.0,
                        mark.slots());
            }
        }
    }
}
