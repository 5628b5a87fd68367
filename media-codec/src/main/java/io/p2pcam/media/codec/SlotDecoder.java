package io.p2pcam.media.codec;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import java.util.Arrays;

/**
 * What to play for each slot of an {@link AudioJitterBuffer} (docs/PROTOCOL.md §10.7), the
 * viewer's sound and the camera's talkback speaker alike: a packet that came is decoded; a lost
 * frame whose successor came is rebuilt from that packet's in-band FEC; a lost frame without one is
 * concealed by the decoder (Opus PLC), for at most {@link #MAX_CONCEALED_MILLIS} in a row, then
 * silence. A frame the sender did not send (DTX) and a gap not yet told from a loss are what
 * the decoder makes of a missing frame too (after a DTX stop: near-silence, fading out), so that
 * its state stays in step with the sender's (RFC 6716 §4.4: a DTX frame is decoded as a lost one),
 * but they are not counted as concealed: the jitter buffer counts a gap's losses once it knows them.
 *
 * <p>Owns an {@link OpusDecoder}. Not thread-safe: the player's thread renders.
 */
public final class SlotDecoder implements AutoCloseable {
    /** How long a loss is concealed in a row before the rest is played as silence (a gap heard). */
    public static final int MAX_CONCEALED_MILLIS = 60;

    private static final int MAX_CONCEALED_SAMPLES = OpusRtp.CLOCK_RATE / 1000 * MAX_CONCEALED_MILLIS;

    private final OpusDecoder decoder = new OpusDecoder();
    /** The frame's sound: a slot's duration, usually 20 ms (reallocated when a sender's frames last otherwise). */
    private short[] pcm = new short[OpusRtp.FRAME_SAMPLES];

    private int concealedRunSamples;
    private long concealedFrames;
    private long recoveredFrames;

    /**
     * The sound of {@code slot}: {@code slot.samples()} samples, in an array this decoder reuses for
     * the next slot (a sink that keeps them copies them).
     */
    public short[] render(AudioJitterBuffer.Slot slot) {
        if (pcm.length != slot.samples()) {
            pcm = new short[slot.samples()];
        }
        switch (slot) {
            case AudioJitterBuffer.Packet packet -> decoded(decoder.decode(packet.opus(), pcm), false);
            case AudioJitterBuffer.Recovered recovered -> decoded(decoder.recover(recovered.next(), pcm), true);
            case AudioJitterBuffer.Lost lost -> conceal(true);
            case AudioJitterBuffer.Gap gap -> conceal(false);
            case AudioJitterBuffer.Silence silence -> conceal(false);
        }
        return pcm;
    }

    /** A frame the decoder gave {@code samples} for (-1: it could not, so it is concealed instead). */
    private void decoded(int samples, boolean fromFec) {
        if (samples < 0) {
            conceal(true);
            return;
        }
        Arrays.fill(pcm, Math.min(samples, pcm.length), pcm.length, (short) 0);
        concealedRunSamples = 0;
        if (fromFec) {
            recoveredFrames++;
        }
    }

    /** @param counted whether the frame is known lost (else silence, or a gap not settled yet) */
    private void conceal(boolean counted) {
        int samples = decoder.conceal(pcm); // also when it will not be heard: keeps the decoder in step
        concealedRunSamples += pcm.length;
        if (samples < 0 || concealedRunSamples > MAX_CONCEALED_SAMPLES) {
            Arrays.fill(pcm, (short) 0);
            return;
        }
        Arrays.fill(pcm, Math.min(samples, pcm.length), pcm.length, (short) 0);
        if (counted) {
            concealedFrames++;
        }
    }

    /** Frames concealed so far (a lost frame past {@link #MAX_CONCEALED_MILLIS} is silence, not counted). */
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
