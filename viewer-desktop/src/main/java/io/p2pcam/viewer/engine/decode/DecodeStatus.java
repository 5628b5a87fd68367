package io.p2pcam.viewer.engine.decode;

/** What one {@link H264Decoder#decode} call produced. */
public enum DecodeStatus {
    /** A picture came out; {@link H264Decoder#frame()} holds it until the next call. */
    FRAME,
    /** The access unit was accepted but no picture came out (parameter sets alone, for example). */
    NO_FRAME,
    /**
     * The data was corrupt or undecodable; {@link H264Decoder#lastError()} says why. Pictures
     * that depend on it are unreliable until the next keyframe.
     */
    ERROR
}
