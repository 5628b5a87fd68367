package io.p2pcam.viewer.engine.record;

/**
 * Where an {@link Mp4Recorder} stands. It moves forward only: {@code WAITING_FOR_KEYFRAME →
 * RECORDING → STOPPED}, with {@code FAILED} reachable from the first two and {@code STOPPED}
 * from every other state.
 */
public enum RecorderState {
    /** The file is open; nothing is written until a keyframe with its SPS and PPS arrives. */
    WAITING_FOR_KEYFRAME,
    /** Access units are being written. */
    RECORDING,
    /** Writing failed (disk full, file gone); the partial file is deleted, stop() says why. */
    FAILED,
    /** {@link Mp4Recorder#stop()} was called; nothing more is written. */
    STOPPED
}
