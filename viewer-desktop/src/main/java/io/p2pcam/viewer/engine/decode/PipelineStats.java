package io.p2pcam.viewer.engine.decode;

/**
 * A snapshot of {@link FramePipeline}'s counters.
 *
 * @param accessUnits intact access units received
 * @param framesDecoded pictures decoded, converted and published
 * @param framesDropped published pictures replaced before the consumer took them
 * @param accessUnitsSkipped intact access units not decoded while waiting for a keyframe
 * @param incompleteAccessUnits access units the depacketizer reported incomplete
 * @param decodeErrors access units the decoder found corrupt
 * @param keyframeRequests times the pipeline signalled that it needs a keyframe
 * @param decodeNanos time spent decoding and converting, in total
 */
public record PipelineStats(
        long accessUnits,
        long framesDecoded,
        long framesDropped,
        long accessUnitsSkipped,
        long incompleteAccessUnits,
        long decodeErrors,
        long keyframeRequests,
        long decodeNanos) {

    /** Mean decode plus conversion time per decoded picture, in milliseconds; 0 before any. */
    public double averageDecodeMillis() {
        return framesDecoded == 0 ? 0 : decodeNanos / 1e6 / framesDecoded;
    }
}
