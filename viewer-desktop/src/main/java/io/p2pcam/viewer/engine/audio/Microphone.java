package io.p2pcam.viewer.engine.audio;

/**
 * Where talkback's sound comes from: 48 kHz mono 16-bit frames of 20 ms ({@link
 * io.p2pcam.protocol.audio.OpusRtp#FRAME_SAMPLES} samples), each stamped with the capture time of
 * its first sample as a 48 kHz sample index since 1970 (UTC). A device in the app, a synthetic or
 * file source in `probe` and tests. One thread reads it.
 */
public interface Microphone extends AutoCloseable {
    /**
     * Fills {@code pcm} (one frame) with the next captured frame, waiting until it is complete.
     *
     * @return the capture time of the frame's first sample, in 48 kHz samples since 1970, or -1 at
     *     the end (a file that ran out)
     * @throws InterruptedException when the reading thread is interrupted (talking stops)
     */
    long read(short[] pcm) throws InterruptedException;

    @Override
    void close();
}
