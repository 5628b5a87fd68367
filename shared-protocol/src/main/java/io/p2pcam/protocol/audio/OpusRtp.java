package io.p2pcam.protocol.audio;

/**
 * The audio stream's fixed parameters (docs/PROTOCOL.md §10.7, RFC 7587): Opus, mono, 20 ms frames,
 * RTP clock 48 kHz whatever the sampling rate Opus chose inside, dynamic payload type 111.
 *
 * <p>A camera's audio RTP timestamp is the capture time of the frame's first sample counted in
 * 48 kHz samples since 1970 (UTC), modulo 2^32, as its video timestamp is the capture time in
 * 90 kHz units: the two streams share one capture clock, and a receiver on a synchronised clock
 * can tell the age of every sample (the synthetic source's timing marks rely on it).
 */
public final class OpusRtp {
    /** The payload type audio packets carry; video uses 96. */
    public static final int PAYLOAD_TYPE = 111;

    public static final int CLOCK_RATE = 48_000;
    public static final int FRAME_MILLIS = 20;
    /** Samples (and RTP timestamp units) per frame. */
    public static final int FRAME_SAMPLES = CLOCK_RATE * FRAME_MILLIS / 1000;

    public static final int CHANNELS = 1;

    private OpusRtp() {}

    /**
     * An Opus packet of one empty frame in the configuration of {@code opus}: its TOC byte with
     * frame count code 0 and no data (RFC 6716 §3.1, §3.2.1; mode, bandwidth and duration kept),
     * which a decoder conceals as it would a lost frame. What an encoder in DTX makes of a frame
     * of silence.
     */
    public static byte[] emptyFrameLike(byte[] opus) {
        return new byte[] {(byte) (opus[0] & 0xFC)};
    }

    /** The sample index (48 kHz since 1970) of a wall-clock time in microseconds. */
    public static long sampleAt(long epochMicros) {
        return Math.floorDiv(epochMicros * 6, 125); // 48,000 / 1,000,000 = 6 / 125
    }

    /** The wall-clock time, in microseconds since 1970, of a sample index. */
    public static long microsOf(long sample) {
        return Math.floorDiv(sample * 125, 6);
    }

    /** The RTP timestamp of a sample index: its low 32 bits. */
    public static long timestampOf(long sample) {
        return sample & 0xFFFF_FFFFL;
    }

    /**
     * The full sample index a 32-bit RTP timestamp stands for: the one nearest to {@code
     * nearSample} (a receiver's own clock, read the same way); unambiguous while the two clocks
     * differ by less than half the 2^32 wrap (12.4 hours).
     */
    public static long unwrap(long timestamp, long nearSample) {
        long base = nearSample & ~0xFFFF_FFFFL;
        long candidate = base | (timestamp & 0xFFFF_FFFFL);
        long best = candidate;
        for (long other : new long[] {candidate - (1L << 32), candidate + (1L << 32)}) {
            if (Math.abs(other - nearSample) < Math.abs(best - nearSample)) {
                best = other;
            }
        }
        return best;
    }
}
