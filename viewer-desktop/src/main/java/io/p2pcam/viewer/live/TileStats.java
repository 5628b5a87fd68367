package io.p2pcam.viewer.live;

import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.viewer.engine.decode.PipelineStats;

/**
 * One second's worth of a tile's figures, computed from two samples of cumulative counters.
 *
 * @param shownFps pictures put on screen per second
 * @param decodedFps pictures decoded per second
 * @param kilobitsPerSecond media received
 * @param lossPercent access units lost or not decodable after recovery, of those expected
 * @param latencyMillis capture to screen for stamped sources (the synthetic pattern), else -1
 * @param width picture width as decoded for this tile (after fitting), 0 before the first
 * @param height picture height, likewise
 * @param pathLossPercent packets the network lost (before retransmission repaired them), of those expected
 * @param rttMillis round-trip time from the session's RTCP reports, or -1 before the first
 * @param decoder which decoder works ("hw: vaapi", "sw", "sw (why not on hardware)"), empty before one
 * @param stream which of the camera's streams the tile shows and why ({@link StreamShown}), empty before a choice
 */
public record TileStats(
        double shownFps,
        double decodedFps,
        double kilobitsPerSecond,
        double lossPercent,
        double latencyMillis,
        int width,
        int height,
        double pathLossPercent,
        long rttMillis,
        String decoder,
        String stream) {

    public static final TileStats NONE = new TileStats(0, 0, 0, 0, -1, 0, 0, 0, -1, "", "");

    /** The same figures, with {@code name} as the decoder. */
    public TileStats withDecoder(String name) {
        return with(name, stream);
    }

    /** The same figures, with {@code line} saying which stream the tile shows. */
    public TileStats withStream(String line) {
        return with(decoder, line);
    }

    private TileStats with(String decoderName, String streamLine) {
        return new TileStats(
                shownFps,
                decodedFps,
                kilobitsPerSecond,
                lossPercent,
                latencyMillis,
                width,
                height,
                pathLossPercent,
                rttMillis,
                decoderName,
                streamLine);
    }

    /** Cumulative counters at one instant; {@code media} (the session's RTCP view) may be null. */
    public record Sample(long nanos, long shown, long mediaBytes, PipelineStats pipeline, MediaReceiver.Stats media) {}

    /** The rates between two samples. */
    public static TileStats between(Sample earlier, Sample later, double latencyMillis, int width, int height) {
        double seconds = Math.max(1e-3, (later.nanos() - earlier.nanos()) / 1e9);
        // A reconnect starts a new pipeline whose counters start again from 0.
        long decoded = Math.max(0, frames(later.pipeline()) - frames(earlier.pipeline()));
        long lost = Math.max(0, lost(later.pipeline()) - lost(earlier.pipeline()));
        double loss = decoded + lost == 0 ? 0 : 100.0 * lost / (decoded + lost);
        long expected = Math.max(0, expected(later.media()) - expected(earlier.media()));
        long lostOnPath = Math.max(0, lostOnPath(later.media()) - lostOnPath(earlier.media()));
        double pathLoss = expected == 0 ? 0 : 100.0 * lostOnPath / expected;
        long rtt = later.media() == null || later.media().rttMillis() <= 0
                ? -1
                : later.media().rttMillis();
        return new TileStats(
                (later.shown() - earlier.shown()) / seconds,
                decoded / seconds,
                Math.max(0, later.mediaBytes() - earlier.mediaBytes()) * 8 / 1000.0 / seconds,
                loss,
                latencyMillis,
                width,
                height,
                pathLoss,
                rtt,
                "",
                "");
    }

    private static long expected(MediaReceiver.Stats media) {
        return media == null ? 0 : media.expected();
    }

    private static long lostOnPath(MediaReceiver.Stats media) {
        return media == null ? 0 : media.lostOnPath();
    }

    private static long frames(PipelineStats stats) {
        return stats == null ? 0 : stats.framesDecoded();
    }

    private static long lost(PipelineStats stats) {
        return stats == null ? 0 : stats.incompleteAccessUnits() + stats.decodeErrors() + stats.accessUnitsSkipped();
    }
}
