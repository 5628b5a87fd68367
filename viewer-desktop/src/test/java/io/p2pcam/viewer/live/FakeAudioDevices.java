package io.p2pcam.viewer.live;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.audio.AudioSink;
import io.p2pcam.viewer.engine.audio.Microphone;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sound devices for tests (CI has no sound card): no output, and a microphone that hands out the
 * frames the test puts in, or none at all.
 */
final class FakeAudioDevices implements AudioDevices {
    /** A microphone whose frames the test supplies, one {@link #say} each. */
    static final class FakeMicrophone implements Microphone {
        private final BlockingQueue<Short> frames = new LinkedBlockingQueue<>();
        private long nextSample = 1_000_000;
        volatile boolean closed;

        /** The next frame read is {@code amplitude} throughout. */
        void say(short amplitude) {
            frames.add(amplitude);
        }

        @Override
        public long read(short[] pcm) throws InterruptedException {
            Arrays.fill(pcm, frames.take());
            long first = nextSample;
            nextSample += OpusRtp.FRAME_SAMPLES;
            return first;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final boolean hasMicrophone;
    final AtomicInteger microphonesOpened = new AtomicInteger();
    final FakeMicrophone microphone = new FakeMicrophone();

    FakeAudioDevices(boolean hasMicrophone) {
        this.hasMicrophone = hasMicrophone;
    }

    @Override
    public Optional<AudioSink> openOutput() {
        return Optional.empty();
    }

    @Override
    public Optional<Microphone> openMicrophone() {
        if (!hasMicrophone) {
            return Optional.empty();
        }
        microphonesOpened.incrementAndGet();
        return Optional.of(microphone);
    }
}
