package io.p2pcam.media.codec;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusException;
import io.p2pcam.protocol.audio.OpusRtp;

/**
 * The sound's encoder, the camera's and talkback's: 48 kHz mono 16-bit PCM to Opus (docs/PROTOCOL.md
 * §10.7: {@code voip} application, SILK for speech, which is what in-band FEC needs; 20 ms frames,
 * {@link #BITRATE} bit/s VBR, in-band FEC for {@link #EXPECTED_LOSS_PERCENT} % loss, complexity
 * its band's {@linkplain SoundBand#complexity() complexity}, {@link #SILENCE_COMPLEXITY} for the frames of
 * digital silence it codes; {@link SoundBand#WIDE} unless told otherwise) with
 * discontinuous transmission: in silence the encoder codes a frame only every 400 ms (comfort
 * noise) and {@link #encode} returns null for the others, which are not sent (RFC 7587 §3.1.3:
 * packets of at most {@link #DTX_PACKET_MAX_BYTES} bytes need not be). Frames of digital silence
 * that DTX leaves out are not coded at all, as libopus 1.3 and later do ({@link
 * DigitalSilenceDtx}): the same frames left out, without the codec's analysis.
 *
 * <p>Concentus (a Java port of libopus, the decoder's too) because FFmpeg 7.1's libopus wrapper
 * (libavcodec/libopusenc.c) has no DTX option (docs/decisions/0031-opus-dtx.md). Java heap only
 * ({@link #close()} is kept for the callers' try-with-resources). Not thread-safe: one thread
 * encodes.
 */
public final class OpusEncoder implements AutoCloseable {
    public static final int BITRATE = 32_000;
    public static final int EXPECTED_LOSS_PERCENT = 10;
    /**
     * The complexity of the frames of digital silence that DTX still codes ({@link DigitalSilenceDtx}'s
     * hangover and comfort-noise frames, 10 of the synthetic source's 13 coded frames a period): the
     * lowest, since a receiver decodes the same near-silence from them at every complexity, and the
     * encoder's thread spends 15-27 % less on that sound (docs/decisions/0084). Frames with any sound
     * keep their band's complexity: lower ones cost speech 0.4-0.6 of wideband PESQ in fullband.
     */
    public static final int SILENCE_COMPLEXITY = 0;
    /** The largest packet the encoder emits for a frame it does not transmit in DTX (a TOC byte or two). */
    public static final int DTX_PACKET_MAX_BYTES = 2;

    private static final int MAX_PACKET = 1275;

    private final io.github.jaredmdobson.concentus.OpusEncoder encoder;
    private final boolean dtx;
    private final int complexity;
    private final int silenceComplexity;
    private final DigitalSilenceDtx digitalSilence = new DigitalSilenceDtx();
    private final byte[] packet = new byte[MAX_PACKET];
    /** The TOC byte of the last packet coded: a frame left out uncoded is sent (if at all) as its empty frame. */
    private byte[] lastCoded = {0};

    private long silentFrames;
    private long codedFrames;
    private boolean closed;

    /** A wideband encoder with DTX on. */
    public OpusEncoder() {
        this(true);
    }

    /**
     * A wideband encoder.
     *
     * @param dtx whether frames of silence are left out ({@link #encode} returns null for them)
     */
    public OpusEncoder(boolean dtx) {
        this(dtx, SoundBand.WIDE);
    }

    /**
     * @param dtx whether frames of silence are left out ({@link #encode} returns null for them)
     * @param band how much of the spectrum is coded
     */
    public OpusEncoder(boolean dtx, SoundBand band) {
        this(dtx, band.complexity(), SILENCE_COMPLEXITY, band);
    }

    /**
     * An encoder of another complexity or bandwidth than the product's: for measuring what each costs
     * and sounds like (bench/OpusSettingsCost.java, bench/opus-quality.sh).
     *
     * @param complexity libopus's complexity, 0–10, of the frames of sound
     * @param silenceComplexity that of the frames of digital silence coded (DTX on only)
     * @param band how much of the spectrum is coded
     */
    public OpusEncoder(boolean dtx, int complexity, int silenceComplexity, SoundBand band) {
        if (complexity < 0 || complexity > 10 || silenceComplexity < 0 || silenceComplexity > 10) {
            throw new IllegalArgumentException("complexity is 0-10, not " + complexity + " or " + silenceComplexity);
        }
        this.dtx = dtx;
        this.complexity = complexity;
        this.silenceComplexity = silenceComplexity;
        try {
            encoder = new io.github.jaredmdobson.concentus.OpusEncoder(
                    OpusRtp.CLOCK_RATE, OpusRtp.CHANNELS, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("cannot open the Opus encoder: " + e.getMessage(), e);
        }
        encoder.setBitrate(BITRATE);
        encoder.setUseVBR(true);
        encoder.setComplexity(complexity);
        encoder.setMaxBandwidth(band.maxBandwidth());
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(EXPECTED_LOSS_PERCENT);
        encoder.setUseDTX(dtx);
    }

    /** Whether this encoder leaves frames of silence out. */
    public boolean dtx() {
        return dtx;
    }

    /**
     * Encodes one 20 ms frame ({@link OpusRtp#FRAME_SAMPLES} samples, read during the call only).
     *
     * @return the Opus packet, or null for a frame of silence that DTX leaves out (not sent)
     */
    public byte[] encode(short[] pcm) {
        byte[] packet = encodeEveryFrame(pcm);
        return leftOut(packet) ? null : packet;
    }

    /**
     * Encodes one 20 ms frame like {@link #encode} but returns the packet of a frame that DTX leaves
     * out too: then what the encoder made of it, at most {@link #DTX_PACKET_MAX_BYTES} bytes
     * (Concentus, like libopus: the TOC byte alone, a frame of 0 bytes, RFC 6716 §3.2.1), which a
     * receiver decodes as a lost frame, i.e. comfort noise. {@link #leftOut} tells which it is.
     */
    public byte[] encodeEveryFrame(short[] pcm) {
        if (closed) {
            throw new IllegalStateException("encoder is closed");
        }
        if (pcm.length != OpusRtp.FRAME_SAMPLES) {
            throw new IllegalArgumentException("a frame is " + OpusRtp.FRAME_SAMPLES + " samples, not " + pcm.length);
        }
        if (dtx) {
            switch (digitalSilence.next(pcm)) {
                case LEFT_OUT -> {
                    silentFrames++;
                    return OpusRtp.emptyFrameLike(lastCoded);
                }
                case CODED_SILENCE -> {
                    encoder.setUseDTX(false);
                    encoder.setComplexity(
                            silenceComplexity); // may change between frames: SILK sets its tools up every frame
                }
                case SOUND -> {
                    encoder.setUseDTX(true);
                    encoder.setComplexity(complexity);
                }
            }
        }
        byte[] opus = code(pcm);
        if (leftOut(opus)) {
            silentFrames++;
        }
        return opus;
    }

    private byte[] code(short[] pcm) {
        int length;
        try {
            length = encoder.encode(pcm, 0, OpusRtp.FRAME_SAMPLES, packet, 0, packet.length);
        } catch (OpusException e) {
            throw new IllegalStateException("the audio encoder failed: " + e.getMessage(), e);
        }
        codedFrames++;
        byte[] opus = new byte[length];
        System.arraycopy(packet, 0, opus, 0, length);
        lastCoded = opus;
        return opus;
    }

    /** Whether DTX leaves this packet of {@link #encodeEveryFrame} out (RFC 7587 §3.1.3). */
    public boolean leftOut(byte[] packet) {
        return dtx && packet.length <= DTX_PACKET_MAX_BYTES;
    }

    /** The complexity the codec coded the last coded frame at (tests: which frames are coded how). */
    int complexityOfLastFrame() {
        return encoder.getComplexity();
    }

    /** Frames left out so far (DTX silence). */
    public long silentFrames() {
        return silentFrames;
    }

    /** Frames the codec coded so far: every frame but those of digital silence that DTX leaves out. */
    public long codedFrames() {
        return codedFrames;
    }

    /** Marks the encoder closed. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
