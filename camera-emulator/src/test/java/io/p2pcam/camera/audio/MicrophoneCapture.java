package io.p2pcam.camera.audio;

import io.p2pcam.camera.media.NativeLogging;
import io.p2pcam.protocol.audio.OpusRtp;
import java.time.Clock;

/**
 * A child process for {@link MicrophoneSourceTest} (PulseAudio is found through the environment,
 * which a running JVM cannot change): opens {@code args[0]} as a {@link MicrophoneSource}, prints
 * {@code ready}, reads {@code args[1]} frames and prints one line per frame: its capture time (first
 * sample, 48 kHz since 1970), the index of its first sample at or above a quarter of the timing
 * marks' amplitude (-1 if none), how often the source's timeline has started again so far, and
 * when the read returned ({@link System#nanoTime()}: a stalled reader shows as a long wait).
 */
public final class MicrophoneCapture {
    private MicrophoneCapture() {}

    public static void main(String[] args) throws Exception {
        NativeLogging.quiet();
        int frames = Integer.parseInt(args[1]);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (MicrophoneSource source = new MicrophoneSource(args[0], Clock.systemUTC())) {
            System.out.println("ready " + source.describe());
            System.out.flush();
            for (int i = 0; i < frames; i++) {
                long first = source.read(pcm);
                long returned = System.nanoTime();
                int loud = -1;
                for (int j = 0; j < pcm.length; j++) {
                    if (Math.abs(pcm[j]) >= SyntheticAudioSource.MARK_AMPLITUDE / 4) {
                        loud = j;
                        break;
                    }
                }
                System.out.println(first + " " + loud + " " + source.resyncs() + " " + returned);
            }
        }
        System.out.flush();
    }
}
