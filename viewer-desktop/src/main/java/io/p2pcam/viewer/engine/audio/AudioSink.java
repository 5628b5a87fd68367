package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.AudioJitterBuffer;

/**
 * Where played sound goes: 48 kHz mono 16-bit frames of 20 ms, in playing order, on the player's
 * thread. A sound device's sink may block while its buffer is full; a test's sink captures.
 */
public interface AudioSink extends AutoCloseable {
    /**
     * Plays one frame.
     *
     * @param pcm the samples, valid during the call only
     * @param rtpTimestamp the frame's RTP timestamp (its capture time on the camera's 48 kHz clock)
     */
    void play(short[] pcm, long rtpTimestamp);

    /**
     * What the jitter buffer decided for the frame that the next {@link #play} plays (its packet, a
     * frame rebuilt from the next packet's FEC, a concealed one, silence): for a sink that reports
     * on the sound (probe), nothing by default.
     */
    default void decided(AudioJitterBuffer.Slot slot) {}

    /** How long a sample handed over now takes to be heard (the device's buffer), in milliseconds. */
    default long outputDelayMillis() {
        return 0;
    }

    @Override
    default void close() {}
}
