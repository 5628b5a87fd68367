package io.p2pcam.media.codec;

/**
 * Which frames of <em>digital silence</em> (every sample 0: a muted microphone, the synthetic source
 * between its marks) DTX leaves out without the codec looking at them: libopus 1.3 and later do this
 * before they encode ({@code is_digital_silence} and {@code decide_dtx_mode} in src/opus_encoder.c),
 * Concentus (a port of libopus 1.1) does not, and analysed a frame of zeros in full only for DTX to
 * drop it: 13 of every 25 frames of the synthetic source's sound, 351 µs of CPU each
 * (docs/BENCHMARKS.md, "the camera's audio loop broken down").
 *
 * <p>The same counts as libopus: the first {@link #HANGOVER_FRAMES} frames of a silence are coded (a
 * receiver hears the sound end), then {@link #LEFT_OUT_IN_A_ROW} are left out, then one is coded (comfort
 * noise, so a receiver never waits more than 400 ms for a packet), and so on. A frame with any other
 * sample is {@link Verdict#SOUND}: the codec's own DTX (SILK's voice detector) decides about quiet
 * sound such as a microphone's noise floor, as before. A state machine over frames, no codec.
 */
final class DigitalSilenceDtx {
    /** libopus's NB_SPEECH_FRAMES_BEFORE_DTX: 200 ms of silence still coded. */
    static final int HANGOVER_FRAMES = 10;
    /** libopus's MAX_CONSECUTIVE_DTX: 400 ms left out between two frames of comfort noise. */
    static final int LEFT_OUT_IN_A_ROW = 20;

    /** What to do with one frame. */
    enum Verdict {
        /** Not digital silence: code it, the codec's DTX decides. */
        SOUND,
        /** Digital silence that is coded (with the codec's DTX off, as libopus does): hangover or comfort noise. */
        CODED_SILENCE,
        /** Digital silence left out without coding. */
        LEFT_OUT
    }

    private int silentFrames;

    /** The verdict on the next frame, in order. */
    Verdict next(short[] pcm) {
        if (!silent(pcm)) {
            silentFrames = 0;
            return Verdict.SOUND;
        }
        silentFrames++;
        if (silentFrames <= HANGOVER_FRAMES) {
            return Verdict.CODED_SILENCE;
        }
        if (silentFrames <= HANGOVER_FRAMES + LEFT_OUT_IN_A_ROW) {
            return Verdict.LEFT_OUT;
        }
        silentFrames = HANGOVER_FRAMES;
        return Verdict.CODED_SILENCE;
    }

    private static boolean silent(short[] pcm) {
        int any = 0;
        for (short sample : pcm) {
            any |= sample;
        }
        return any == 0;
    }
}
