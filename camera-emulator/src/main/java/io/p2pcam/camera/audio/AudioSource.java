package io.p2pcam.camera.audio;

import io.p2pcam.camera.media.SourceException;

/**
 * Where the camera's sound comes from: 48 kHz mono 16-bit frames of 20 ms ({@link
 * io.p2pcam.protocol.audio.OpusRtp#FRAME_SAMPLES} samples), each stamped with the capture time of
 * its first sample as a 48 kHz sample index since 1970 (UTC). One thread reads it.
 */
public interface AudioSource extends AutoCloseable {
    /**
     * Fills {@code pcm} (one frame) with the next captured frame, waiting until it is complete, as
     * a microphone delivers it.
     *
     * @return the capture time of the frame's first sample, in 48 kHz samples since 1970
     * @throws InterruptedException when the reading thread is interrupted (the loop stops)
     * @throws SourceException when the device or file fails (the loop stops; the camera exits)
     */
    long read(short[] pcm) throws InterruptedException, SourceException;

    @Override
    void close();
}
