package io.p2pcam.viewer.probe;

import io.p2pcam.viewer.engine.audio.AudioPlayer;
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
        line.put("audioLateFrames", audio.late());
        line.put("audioConcealedMs", audio.concealedMillis());
        line.put("audioMaxLossMs", audio.maxLostRunMillis());
        line.put("audioMarks", marks.size());
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
        line.put("audioLatencyMsP50", percentile(latencies, 0.50));
        line.put("audioLatencyMsP95", percentile(latencies, 0.95));
        line.put("avOffsetMsP50", percentile(offsets, 0.50));
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
