package io.p2pcam.camera.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import java.nio.ShortBuffer;

/**
 * Cuts the sound a device or a file delivers in chunks of any length into the encoder's frames of
 * {@link OpusRtp#FRAME_SAMPLES} samples. Holds at most one frame plus one chunk. Not thread-safe:
 * the audio loop's thread alone uses it.
 */
final class PcmFramer {
    private short[] pending = new short[2 * OpusRtp.FRAME_SAMPLES];
    private int length;

    /** Appends the chunk's remaining samples (mono, 16-bit); the buffer's position is moved to its limit. */
    void add(ShortBuffer chunk) {
        int count = chunk.remaining();
        if (length + count > pending.length) {
            short[] larger = new short[Math.max(2 * pending.length, length + count)];
            System.arraycopy(pending, 0, larger, 0, length);
            pending = larger;
        }
        chunk.get(pending, length, count);
        length += count;
    }

    /** Samples held and not yet taken as a frame. */
    int buffered() {
        return length;
    }

    /** Moves the oldest full frame into {@code frame}; false (and nothing moved) if less than a frame is held. */
    boolean take(short[] frame) {
        if (length < frame.length) {
            return false;
        }
        System.arraycopy(pending, 0, frame, 0, frame.length);
        length -= frame.length;
        System.arraycopy(pending, frame.length, pending, 0, length);
        return true;
    }

    /** Forgets what is held (a file that starts again from its beginning). */
    void clear() {
        length = 0;
    }
}
