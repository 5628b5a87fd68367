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

    /** The longest Opus packet, 120 ms (RFC 6716 §3.2.5), in samples. */
    private static final int MAX_PACKET_SAMPLES = 5_760;

    private OpusRtp() {}

    /**
     * How long an Opus packet plays, in 48 kHz samples, from its TOC byte and frame count (RFC 6716
     * §3.1: the configuration gives the frame's duration, 2.5 to 60 ms; the code one, two or, in
     * code 3, the count in the second byte's low six bits), or -1 for a packet whose header is not
     * valid (empty, code 3 without its count byte or with a count of 0, longer than 120 ms). This
     * protocol's senders send packets of {@link #FRAME_SAMPLES}; a receiver plays any whole number
     * of 10 ms ({@link AudioJitterBuffer}).
     */
    public static int samplesOf(byte[] opus) {
        if (opus.length == 0) {
            return -1;
        }
        int toc = opus[0] & 0xFF;
        int config = toc >>> 3;
        int frameSamples;
        if (config < 12) { // SILK: 10, 20, 40, 60 ms
            frameSamples = (config & 3) == 3 ? 2_880 : 480 << (config & 3);
        } else if (config < 16) { // hybrid: 10, 20 ms
            frameSamples = 480 << (config & 1);
        } else { // CELT: 2.5, 5, 10, 20 ms
            frameSamples = 120 << (config & 3);
        }
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> opus.length < 2 ? 0 : opus[1] & 0x3F;
        };
        int samples = frames * frameSamples;
        return frames == 0 || samples > MAX_PACKET_SAMPLES ? -1 : samples;
    }

    /**
     * An Opus packet of one empty frame in the configuration of {@code opus}: its TOC byte with
     * frame count code 0 and no data (RFC 6716 §3.1, §3.2.1; mode, bandwidth and duration kept),
     * which a decoder conceals as it would a lost frame. What an encoder in DTX makes of a frame
     * of silence.
     */
    public static byte[] emptyFrameLike(byte[] opus) {
        return new byte[] {(byte) (opus[0] & 0xFC)};
    }

    /**
     * An empty Opus frame of 10 ms in the mode and bandwidth of {@code opus} (RFC 6716 §3.1: every
     * mode has a 10 ms configuration, SILK's and hybrid's the first of their group, CELT's the third),
     * to fill a gap that is not a whole number of {@code opus}'s own frames.
     */
    public static byte[] emptyTenMillisecondFrameLike(byte[] opus) {
        int toc = opus[0] & 0xFF;
        int config = toc >>> 3;
        int tenMs;
        if (config < 12) { // SILK: 10, 20, 40, 60 ms
            tenMs = config & ~3;
        } else if (config < 16) { // hybrid: 10, 20 ms
            tenMs = config & ~1;
        } else { // CELT: 2.5, 5, 10, 20 ms
            tenMs = config & ~3 | 2;
        }
        return new byte[] {(byte) (tenMs << 3 | toc & 0x04)};
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
