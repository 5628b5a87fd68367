package io.p2pcam.media.codec;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.Concealment;
import io.p2pcam.protocol.audio.OpusRtp;
import java.util.Arrays;

/**
 * What to play for each slot of an {@link AudioJitterBuffer} (docs/PROTOCOL.md §10.7), the
 * viewer's sound and the camera's talkback speaker alike: a packet that came is decoded (a packet
 * the decoder refuses is concealed), a lost frame is concealed ({@link Concealment}: the last frame
 * repeated, fading, for up to 60 ms) and a frame the sender did not send is silence.
 *
 * <p>Owns an {@link OpusDecoder} (native memory, freed by {@link #close()}). Not thread-safe: the
 * player's thread renders.
 */
public final class SlotDecoder implements AutoCloseable {
    private final OpusDecoder decoder = new OpusDecoder();
    private final Concealment concealment = new Concealment(OpusRtp.FRAME_SAMPLES);

    /** Fills {@code pcm} ({@link OpusRtp#FRAME_SAMPLES} samples) with the sound of {@code slot}. */
    public void render(AudioJitterBuffer.Slot slot, short[] pcm) {
        switch (slot) {
            case AudioJitterBuffer.Packet packet -> {
                int samples = decoder.decode(packet.opus(), pcm);
                if (samples < 0) {
                    concealment.conceal(pcm);
                } else {
                    Arrays.fill(pcm, Math.min(samples, pcm.length), pcm.length, (short) 0);
                    concealment.heard(pcm);
                }
            }
            case AudioJitterBuffer.Lost lost -> concealment.conceal(pcm);
            case AudioJitterBuffer.Silence silence -> {
                Arrays.fill(pcm, (short) 0);
                concealment.silence();
            }
        }
    }

    /** Frames concealed so far (a lost frame past the concealment's 60 ms is silence, not counted). */
    public long concealedFrames() {
        return concealment.concealedFrames();
    }

    /** Packets the decoder refused so far. */
    public long decodeErrors() {
        return decoder.errors();
    }

    @Override
    public void close() {
        decoder.close();
    }
}
