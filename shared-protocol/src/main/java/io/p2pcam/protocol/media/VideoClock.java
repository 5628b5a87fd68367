package io.p2pcam.protocol.media;

/**
 * The video stream's RTP clock (docs/PROTOCOL.md §10): a picture's RTP timestamp is its capture
 * time in 90 kHz units since 1970 (UTC), modulo 2^32, on the same capture clock as the sound's 48
 * kHz timestamps, so that a receiver can line the two streams up (lip sync) and tell a picture's
 * age on a synchronised clock.
 */
public final class VideoClock {
    public static final int CLOCK_RATE = 90_000;

    private static final long WRAP = 1L << 32;

    private VideoClock() {}

    /** The RTP timestamp of a picture captured at {@code epochMicros}. */
    public static long timestampOf(long epochMicros) {
        // 90,000 / 1,000,000 = 9 / 100; epochMicros * 90,000 would overflow a long.
        return Math.floorDiv(epochMicros * 9, 100) & (WRAP - 1);
    }

    /**
     * The capture time, in microseconds since 1970, that a 32-bit video RTP timestamp stands for:
     * the one nearest to {@code nearMicros} (the receiver's own clock); unambiguous while the two
     * clocks differ by less than half the 2^32 wrap (6.6 hours).
     */
    public static long captureMicros(long timestamp, long nearMicros) {
        long near = Math.floorDiv(nearMicros * 9, 100);
        long candidate = (near & ~(WRAP - 1)) | (timestamp & (WRAP - 1));
        long best = candidate;
        for (long other : new long[] {candidate - WRAP, candidate + WRAP}) {
            if (Math.abs(other - near) < Math.abs(best - near)) {
                best = other;
            }
        }
        return Math.floorDiv(best * 100, 9);
    }
}
