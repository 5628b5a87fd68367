package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.viewer.engine.audio.AudioPlayer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The probe line's sound figures, from the player's counters and the synthetic sound's timing marks. */
final class AudioFigures {
    private AudioFigures() {}

    /** The sound's figures (docs/ADMIN.md, probe): counters, and latency and A/V offset from the marks. */
    static void put(Map<String, Object> line, AudioPlayer.Stats audio, List<AudioMarks.Mark> marks, ProbeStats video) {
        line.put("audioReceived", audio.received());
        line.put("audioFrames", audio.played());
        line.put("audioLostFrames", audio.lost());
        line.put("audioRecoveredFrames", audio.recovered());
        line.put("audioLateFrames", audio.late());
        line.put("audioSkippedFrames", audio.skipped());
        line.put("audioUnsupportedPackets", audio.unsupportedPackets());
        line.put("audioConcealedMs", audio.concealedMillis());
        line.put("audioMaxLossMs", audio.maxLostRunMillis());
        line.put("audioDtxMs", audio.silentMillis());
        line.put("audioMarks", marks.size());
        line.put(
                "audioMarksAfterLoss",
                marks.stream().filter(AudioMarks.Mark::afterLoss).count());
        long[] latencies = marks.stream()
                .mapToLong(AudioMarks.Mark::latencyMicros)
                .sorted()
                .toArray();
        long[] errors = marks.stream()
                .mapToLong(mark -> Math.abs(mark.positionErrorMicros()))
                .sorted()
                .toArray();
        long[] offsets = marks.stream()
                .mapToLong(mark -> {
                    Long shown = video.videoLatencyNear(mark.markMicros(), 20_000);
                    return shown == null ? Long.MIN_VALUE : mark.latencyMicros() - shown;
                })
                .filter(offset -> offset != Long.MIN_VALUE)
                .sorted()
                .toArray();
        line.put("audioMarkErrorMsP50", percentile(errors, 0.50));
        long[] spacing = spacingErrors(marks);
        line.put("audioMarkSpacingErrorMsP50", percentile(spacing, 0.50));
        line.put("audioMarkSpacingErrorMsMax", spacing.length == 0 ? null : millis(spacing[spacing.length - 1]));
        line.put("audioLatencyMsP50", percentile(latencies, 0.50));
        line.put("audioLatencyMsP95", percentile(latencies, 0.95));
        line.put("avOffsetMsP50", percentile(offsets, 0.50));
        line.put("lipSyncHoldMsP50", percentile(video.holdsMicros(), 0.50));
    }

    /**
     * How far apart consecutive marks' onsets are, in capture time, from a whole number of mark
     * periods, sorted. Near zero when the capture timeline has no gaps or jumps, also for a source
     * whose marks are not on the capture clock's 500 ms grid (a file's sound track); a frame lost or
     * concealed at a burst's onset moves that onset.
     */
    private static long[] spacingErrors(List<AudioMarks.Mark> marks) {
        long period = 1_000_000L * AudioMarks.MARK_PERIOD_SAMPLES / OpusRtp.CLOCK_RATE;
        long[] errors = new long[Math.max(0, marks.size() - 1)];
        for (int i = 1; i < marks.size(); i++) {
            long apart = marks.get(i).onsetMicros() - marks.get(i - 1).onsetMicros();
            errors[i - 1] = Math.abs(apart - Math.round((double) apart / period) * period);
        }
        Arrays.sort(errors);
        return errors;
    }

    private static Double percentile(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return null;
        }
        return millis(sortedMicros[Math.max(0, (int) Math.ceil(p * sortedMicros.length) - 1)]);
    }

    private static double millis(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
