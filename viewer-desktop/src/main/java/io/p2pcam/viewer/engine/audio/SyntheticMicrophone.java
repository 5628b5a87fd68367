package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.TimingMarks;
import java.time.Clock;

/**
 * A microphone that "hears" the timing-marked tone ({@link TimingMarks}: a 1 kHz burst at every
 * 500 ms of capture time), at a device's pace: what `probe --talk-synthetic` says, so that the
 * camera's speaker output can be checked for the marks and the talkback latency measured.
 */
public final class SyntheticMicrophone implements Microphone {
    private final PacedFrames frames;

    public SyntheticMicrophone(Clock clock) {
        this.frames = new PacedFrames(clock, System::nanoTime);
    }

    @Override
    public long read(short[] pcm) throws InterruptedException {
        long first = frames.next();
        TimingMarks.render(pcm, first);
        return first;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
