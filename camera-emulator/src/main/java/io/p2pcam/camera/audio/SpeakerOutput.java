package io.p2pcam.camera.audio;

/**
 * Where the camera's speaker sends what viewers say: 48 kHz mono 16-bit frames of 20 ms, in
 * playing order, on the speaker's thread. A sound device may block while its buffer is full; a
 * file writes at once.
 */
public interface SpeakerOutput extends AutoCloseable {
    /**
     * Plays one frame.
     *
     * @param pcm the samples, valid during the call only
     */
    void play(short[] pcm);

    /** How long a sample handed over now takes to be heard (the device's buffer), in milliseconds. */
    default long outputDelayMillis() {
        return 0;
    }

    /** What this output is, for the log ("speaker file talk.wav"). */
    String describe();

    @Override
    void close();
}
