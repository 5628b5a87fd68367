package io.p2pcam.media.codec;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import java.util.Arrays;

/**
 * What to play for each slot of an {@link AudioJitterBuffer} (docs/PROTOCOL.md §10.7), the
 * viewer's sound and the camera's talkback speaker alike: a packet that came is decoded; a lost
 * frame whose successor came is rebuilt from that packet's in-band FEC; a lost frame without one is
 * concealed by the decoder (Opus PLC), for at most {@link #MAX_CONCEALED_FRAMES} frames in a row,
 * then silence; a frame the sender did not send is silence.
 *
 * <p>Owns an {@link OpusDecoder}. Not thread-safe: the player's thread renders.
 */
public final class SlotDecoder implements AutoCloseable {
    /** Frames concealed in a row before a longer loss is played as silence (a gap heard). */
    public static final int MAX_CONCEALED_FRAMES = 3;

    private final OpusDecoder decoder = new OpusDecoder();
    private int concealedRun;
    private long concealedFrames;
    private long recoveredFrames;

    /** Fills {@code pcm} ({@link OpusRtp#FRAME_SAMPLES} samples) with the sound of {@code slot}. */
    public void render(AudioJitterBuffer.Slot slot, short[] pcm) {
        switch (slot) {
            case AudioJitterBuffer.Packet packet -> decoded(decoder.decode(packet.opus(), pcm), pcm, false);
            case AudioJitterBuffer.Recovered recovered -> decoded(decoder.recover(recovered.next(), pcm), pcm, true);
            case AudioJitterBuffer.Lost lost -> conceal(pcm);
            case AudioJitterBuffer.Silence silence -> {
                Arrays.fill(pcm, (short) 0);
                concealedRun = 0;
            }
        }
    }

    /** A frame the decoder gave {@code samples} for (-1: it could not, so it is concealed instead). */
    private void decoded(int samples, short[] pcm, boolean fromFec) {
        if (samples < 0) {
            conceal(pcm);
            return;
        }
        Arrays.fill(pcm, Math.min(samples, pcm.length), pcm.length, (short) 0);
        concealedRun = 0;
        if (fromFec) {
            recoveredFrames++;
        }
    }

    private void conceal(short[] pcm) {
        int samples = decoder.conceal(pcm); // also when it will not be heard: keeps the decoder in step
        concealedRun++;
        if (samples < 0 || concealedRun > MAX_CONCEALED_FRAMES) {
            Arrays.fill(pcm, (short) 0);
            return;
        }
        Arrays.fill(pcm, Math.min(samples, pcm.length), pcm.length, (short) 0);
        concealedFrames++;
    }

    /** Frames concealed so far (a lost frame past {@link #MAX_CONCEALED_FRAMES} is silence, not counted). */
    public long concealedFrames() {
        return concealedFrames;
    }

    /** Lost frames rebuilt from the next packet's in-band FEC so far. */
    public long recoveredFrames() {
        return recoveredFrames;
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
