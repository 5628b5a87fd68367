package io.p2pcam.camera.audio;

import io.p2pcam.media.codec.SoundOutputLine;
import java.util.Optional;

/** The computer's default sound output as the camera's speaker ({@link SoundOutputLine}). */
public final class DeviceSpeaker implements SpeakerOutput {
    private final SoundOutputLine line;

    private DeviceSpeaker(SoundOutputLine line) {
        this.line = line;
    }

    /** The default output device, opened and started, or empty when there is none (or it is busy). */
    public static Optional<DeviceSpeaker> open() {
        return SoundOutputLine.open().map(DeviceSpeaker::new);
    }

    @Override
    public void play(short[] pcm) {
        line.play(pcm);
    }

    @Override
    public long outputDelayMillis() {
        return line.outputDelayMillis();
    }

    @Override
    public String describe() {
        return line.describe();
    }

    @Override
    public void close() {
        line.close();
    }
}
