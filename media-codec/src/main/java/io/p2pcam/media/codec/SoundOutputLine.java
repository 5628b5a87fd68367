package io.p2pcam.media.codec;

import io.p2pcam.protocol.audio.OpusRtp;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The computer's default sound output through Java Sound, for the viewer's sound and the camera's
 * speaker: a {@link SourceDataLine} of 48 kHz mono 16-bit little-endian with a {@link
 * #BUFFER_MILLIS} ms buffer (small: the jitter buffer already absorbs the network; PulseAudio adds
 * its own). {@link #play} blocks while the line's buffer is full. Machines without a sound card
 * have none: {@link #open()} says so.
 *
 * <p>Not thread-safe: one player's thread plays.
 */
public final class SoundOutputLine implements AutoCloseable {
    public static final int BUFFER_MILLIS = 40;
    private static final int BYTES_PER_MILLI = OpusRtp.CLOCK_RATE / 1000 * 2;

    private final SourceDataLine line;
    private byte[] bytes = new byte[OpusRtp.FRAME_SAMPLES * 2];

    private SoundOutputLine(SourceDataLine line) {
        this.line = line;
    }

    /** The default output device, opened and started, or empty when there is none (or it is busy). */
    public static Optional<SoundOutputLine> open() {
        AudioFormat format = new AudioFormat(OpusRtp.CLOCK_RATE, 16, OpusRtp.CHANNELS, true, false);
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(format);
            line.open(format, BUFFER_MILLIS * BYTES_PER_MILLI);
            line.start();
            return Optional.of(new SoundOutputLine(line));
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Plays the samples (blocks while the line's buffer is full). */
    public void play(short[] pcm) {
        if (bytes.length < pcm.length * 2) {
            bytes = new byte[pcm.length * 2];
        }
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        line.write(bytes, 0, pcm.length * 2);
    }

    /** How long a sample written now takes to be heard: what the line holds, in milliseconds. */
    public long outputDelayMillis() {
        return (line.getBufferSize() - line.available()) / BYTES_PER_MILLI;
    }

    /** The device, in words. */
    public String describe() {
        return "the default sound output (" + line.getLineInfo() + ")";
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
