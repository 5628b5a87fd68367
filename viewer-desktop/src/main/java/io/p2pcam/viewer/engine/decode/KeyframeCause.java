package io.p2pcam.viewer.engine.decode;

/** Why {@link FramePipeline} needs a keyframe before it can show pictures again. */
public enum KeyframeCause {
    /** Decoding has not started yet and the stream did not begin with a keyframe. */
    STREAM_START,
    /** The depacketizer reported an access unit with packets missing or broken. */
    INCOMPLETE_ACCESS_UNIT,
    /** The decoder found corrupt data. */
    DECODE_ERROR
}
