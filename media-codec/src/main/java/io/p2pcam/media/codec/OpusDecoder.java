package io.p2pcam.media.codec;

import io.github.jaredmdobson.concentus.OpusException;
import io.p2pcam.protocol.audio.OpusRtp;

/**
 * Opus to 48 kHz mono 16-bit PCM, one packet (usually a 20 ms frame) at a time, with the decoder's own loss handling:
 * packet-loss concealment ({@link #conceal}) and in-band FEC ({@link #recover}: a lost frame rebuilt
 * from the LBRR copy the next packet carries, RFC 6716 §2.1.7). Concentus, a Java port of libopus,
 * because FFmpeg's libopus wrapper (libavcodec/libopusdec.c) always decodes with {@code decode_fec
 * = 0} and has no way to ask for concealment, and JavaCV's libavcodec links libopus in without
 * exporting it (docs/decisions/0028-opus-fec-and-dtx.md). Its output is sample for sample in time
 * with libopus's (the same 312-sample decoder delay).
 *
 * <p>Packets come from the network, so anything may arrive: a packet Concentus fails on costs that
 * packet only. Concentus throws {@link OpusException}, unchecked exceptions and, from its ported
 * libopus {@code celt_assert}s, {@link AssertionError} on some malformed packets, and may leave its
 * state half-updated when it does (later good packets, or concealment, then fail too). So any of
 * these is counted in {@link #errors()}, the decoder is reset, and the call is answered from the
 * fresh state: the failure cannot stop the caller's thread nor spoil the packets after it.
 *
 * <p>Java heap only ({@link #close()} is kept for the callers' try-with-resources). Not thread-safe.
 */
public final class OpusDecoder implements AutoCloseable {
    /** The largest Opus packet accepted (RFC 6716 allows 1275 bytes a frame). */
    private static final int MAX_PACKET = 1500;

    private final io.github.jaredmdobson.concentus.OpusDecoder decoder;
    private long errors;
    private boolean closed;

    public OpusDecoder() {
        try {
            decoder = new io.github.jaredmdobson.concentus.OpusDecoder(OpusRtp.CLOCK_RATE, OpusRtp.CHANNELS);
        } catch (OpusException e) {
            throw new IllegalStateException("cannot open the Opus decoder: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one Opus packet into {@code pcm}.
     *
     * @return the number of samples written (960 for a 20 ms frame), or -1 if the packet does not
     *     decode (counted in {@link #errors()}: the caller conceals it like a lost one)
     */
    public int decode(byte[] opus, short[] pcm) {
        checkOpen();
        if (opus.length == 0 || opus.length > MAX_PACKET) {
            errors++;
            return -1;
        }
        return run(opus, pcm, false);
    }

    /**
     * Fills {@code pcm} (one frame: its length is the frame's duration) for a frame that was lost, from the decoder's state (Opus PLC:
     * the last sound continued and faded; comfort noise after a DTX packet), and keeps that state
     * in step, so that the next packet decodes as if nothing were missing.
     */
    public int conceal(short[] pcm) {
        checkOpen();
        try {
            return decoder.decode(null, 0, 0, pcm, 0, pcm.length, false);
        } catch (OpusException | RuntimeException | AssertionError e) {
            errors++; // a state a bad packet left behind: start again from silence
            decoder.resetState();
            return -1;
        }
    }

    /**
     * Fills {@code pcm} (one frame: its length is the lost frame's duration) from the in-band FEC of {@code next}, the
     * following frame's packet (which must still be {@link #decode}d for its own frame after this).
     * A packet without FEC data gives the concealment of {@link #conceal}.
     */
    public int recover(byte[] next, short[] pcm) {
        checkOpen();
        if (next.length == 0 || next.length > MAX_PACKET) {
            return conceal(pcm);
        }
        return run(next, pcm, true);
    }

    private int run(byte[] opus, short[] pcm, boolean fec) {
        try {
            return decoder.decode(opus, 0, opus.length, pcm, 0, pcm.length, fec);
        } catch (OpusException | RuntimeException | AssertionError first) {
            errors++; // this packet is malformed, or a bad one before it left the state broken
        }
        // A fresh decoder decodes what a broken state could not (a good packet after a bad one);
        // a packet bad in itself fails again and is refused, leaving the fresh state to the next.
        decoder.resetState();
        try {
            return decoder.decode(opus, 0, opus.length, pcm, 0, pcm.length, fec);
        } catch (OpusException | RuntimeException | AssertionError again) {
            decoder.resetState();
            return -1;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
    }

    /**
     * Decoder failures: packets that did not decode, packets that decoded only once the decoder was
     * reset (a bad packet before them had broken its state), and concealments that failed.
     */
    public long errors() {
        return errors;
    }

    @Override
    public void close() {
        closed = true;
    }
}
