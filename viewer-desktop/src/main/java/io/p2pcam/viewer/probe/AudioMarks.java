package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.viewer.engine.audio.AudioSink;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What `probe` hears: a sink that finds the synthetic camera's timing marks (a tone burst starting
 * at every 500 ms of capture time, see camera-emulator's SyntheticAudioSource) in the played
 * sound. A mark's onset is the first sample at or above a quarter of the burst's amplitude after
 * at least {@link #QUIET_MILLIS} ms below it. Its capture time comes from the frame's RTP timestamp
 * (the camera's 48 kHz capture clock, unwrapped near this machine's clock) and is rounded to the
 * nearest mark: the rounding is the mark's position error (the codec's look-ahead, ~6.5 ms, plus
 * the onset's rise), and play time minus the mark's time is capture-to-playback latency. Both
 * clocks must be one machine's or synchronised ones, as for the video stamps.
 *
 * <p>The player's thread writes, the probe's thread reads after it: synchronised.
 */
final class AudioMarks implements AudioSink {
    static final int MARK_PERIOD_SAMPLES = OpusRtp.CLOCK_RATE / 2;
    static final int THRESHOLD = 16_384 / 4;
    static final long QUIET_MILLIS = 200;

    /** One mark heard: its capture time, when it was played and how far from the mark its onset was. */
    record Mark(long markMicros, long playedMicros, long positionErrorMicros) {
        long latencyMicros() {
            return playedMicros - markMicros;
        }

        /** The capture time of the onset itself. */
        long onsetMicros() {
            return markMicros + positionErrorMicros;
        }
    }

    private final Clock clock;
    private final List<Mark> marks = new ArrayList<>();
    private long lastLoudSample = Long.MIN_VALUE;

    AudioMarks(Clock clock) {
        this.clock = clock;
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
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) < THRESHOLD) {
                continue;
            }
            long sample = firstSample + i;
            if (sample - lastLoudSample > quietSamples) {
                long mark = Math.round((double) sample / MARK_PERIOD_SAMPLES) * MARK_PERIOD_SAMPLES;
                long markMicros = OpusRtp.microsOf(mark);
                marks.add(new Mark(
                        markMicros, playedMicros + OpusRtp.microsOf(i), OpusRtp.microsOf(sample) - markMicros));
            }
            lastLoudSample = sample;
        }
    }

    synchronized List<Mark> marks() {
        return List.copyOf(marks);
    }
}
