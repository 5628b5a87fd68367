package io.p2pcam.viewer.engine.audio;

import io.p2pcam.media.codec.SoundOutputLine;
import java.util.Optional;

/** The computer's default sound output ({@link SoundOutputLine}) as the viewer's sound sink. */
public final class DeviceSink implements AudioSink {
    private final SoundOutputLine line;

    private DeviceSink(SoundOutputLine line) {
        this.line = line;
    }

    /** The default output device, opened and started, or empty when there is none (or it is busy). */
    public static Optional<DeviceSink> open() {
        return SoundOutputLine.open().map(DeviceSink::new);
    }

    @Override
    public void play(short[] pcm, long rtpTimestamp) {
        line.play(pcm);
    }

    @Override
    public long outputDelayMillis() {
        return line.outputDelayMillis();
    }

    @Override
    public void close() {
        line.close();
    }
}
