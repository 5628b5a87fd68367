package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import java.util.function.DoubleSupplier;

/**
 * A sink that scales what it plays by a volume read at every frame (0 silent, 1 as received), so
 * that moving a tile's volume slider takes effect within 20 ms without reopening the device.
 * Owns the sink it wraps. The player's thread plays; the volume may change on any thread.
 */
public final class GainSink implements AudioSink {
    private final AudioSink inner;
    private final DoubleSupplier volume;
    private short[] scaled = new short[0];

    public GainSink(AudioSink inner, DoubleSupplier volume) {
        this.inner = inner;
        this.volume = volume;
    }

    @Override
    public void play(short[] pcm, long rtpTimestamp) {
        double gain = Math.clamp(volume.getAsDouble(), 0, 1);
        if (gain >= 1) {
            inner.play(pcm, rtpTimestamp);
            return;
        }
        if (scaled.length != pcm.length) {
            scaled = new short[pcm.length];
        }
        for (int i = 0; i < pcm.length; i++) {
            scaled[i] = (short) Math.round(pcm[i] * gain);
        }
        inner.play(scaled, rtpTimestamp);
    }

    @Override
    public void decided(AudioJitterBuffer.Slot slot) {
        inner.decided(slot);
    }

    @Override
    public long outputDelayMillis() {
        return inner.outputDelayMillis();
    }

    @Override
    public void close() {
        inner.close();
    }
}
