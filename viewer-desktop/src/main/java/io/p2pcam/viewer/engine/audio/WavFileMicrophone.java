package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A microphone that plays a WAV file once, at a device's pace (`probe --talk-file`). The file must
 * be 48 kHz; Java Sound converts its channels and sample format to mono 16-bit (`ffmpeg -i IN -ar
 * 48000 -ac 1 OUT.wav` makes one from anything).
 */
public final class WavFileMicrophone implements Microphone {
    private static final AudioFormat TALK = new AudioFormat(OpusRtp.CLOCK_RATE, 16, OpusRtp.CHANNELS, true, false);

    private final AudioInputStream stream;
    private final PacedFrames frames;
    private final byte[] bytes = new byte[OpusRtp.FRAME_SAMPLES * 2];

    private WavFileMicrophone(AudioInputStream stream, Clock clock) {
        this.stream = stream;
        this.frames = new PacedFrames(clock, System::nanoTime);
    }

    /**
     * Opens {@code file}.
     *
     * @throws IOException if it cannot be read, is not a WAV, or is not 48 kHz (the message says so)
     */
    public static WavFileMicrophone open(Path file, Clock clock) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            AudioInputStream wav = AudioSystem.getAudioInputStream(in);
            if (wav.getFormat().getSampleRate() != OpusRtp.CLOCK_RATE) {
                throw new IOException(file + " is " + wav.getFormat().getSampleRate()
                        + " Hz; talkback needs 48000 Hz (ffmpeg -i IN -ar 48000 -ac 1 OUT.wav)");
            }
            return new WavFileMicrophone(AudioSystem.getAudioInputStream(TALK, wav), clock);
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            in.close();
            throw new IOException(file + " is not a WAV file Java Sound can convert to 48 kHz mono: " + e.getMessage());
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public long read(short[] pcm) throws InterruptedException {
        int filled;
        try {
            filled = stream.readNBytes(bytes, 0, pcm.length * 2);
        } catch (EOFException e) {
            filled = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (filled < 2) {
            return -1;
        }
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = 2 * i + 1 < filled ? (short) ((bytes[2 * i] & 0xff) | bytes[2 * i + 1] << 8) : 0;
        }
        return frames.next();
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
