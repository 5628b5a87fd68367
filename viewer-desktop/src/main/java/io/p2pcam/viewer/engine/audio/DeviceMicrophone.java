package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import java.time.Clock;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The computer's default sound input through Java Sound: a {@link TargetDataLine} of 48 kHz mono
 * 16-bit little-endian. A frame's capture time is when its last sample arrived minus its length
 * (the line's own buffering is not known, so the latency it adds is not counted). Machines
 * without a sound card have none: {@link #open} says so.
 */
public final class DeviceMicrophone implements Microphone {
    private static final int BUFFER_MILLIS = 40;
    private final TargetDataLine line;
    private final Clock clock;
    private final byte[] bytes = new byte[OpusRtp.FRAME_SAMPLES * 2];
    private long nextSample = Long.MIN_VALUE;

    private DeviceMicrophone(TargetDataLine line, Clock clock) {
        this.line = line;
        this.clock = clock;
    }

    /** The default input device, opened and started, or empty when there is none (or it is busy). */
    public static Optional<DeviceMicrophone> open(Clock clock) {
        AudioFormat format = new AudioFormat(OpusRtp.CLOCK_RATE, 16, OpusRtp.CHANNELS, true, false);
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(format);
            line.open(format, BUFFER_MILLIS * OpusRtp.CLOCK_RATE / 1000 * 2);
            line.start();
            return Optional.of(new DeviceMicrophone(line, clock));
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    @Override
    public long read(short[] pcm) throws InterruptedException {
        int filled = 0;
        while (filled < pcm.length * 2) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int read = line.read(bytes, filled, pcm.length * 2 - filled);
            if (read <= 0 && !line.isOpen()) {
                return -1;
            }
            filled += Math.max(read, 0);
        }
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) ((bytes[2 * i] & 0xff) | bytes[2 * i + 1] << 8);
        }
        // One frame grid, as the receiver expects (+960 a frame); back to the clock if the line drifted.
        long captured = OpusRtp.sampleAt(clock.millis() * 1000) - OpusRtp.FRAME_SAMPLES;
        if (nextSample == Long.MIN_VALUE || Math.abs(captured - nextSample) > 3L * OpusRtp.FRAME_SAMPLES) {
            nextSample = captured;
        }
        long first = nextSample;
        nextSample += OpusRtp.FRAME_SAMPLES;
        return first;
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
