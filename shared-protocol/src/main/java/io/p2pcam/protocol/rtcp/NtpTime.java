package io.p2pcam.protocol.rtcp;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): 32 bits of seconds and 32 bits of fraction.
 * p2pcam only ever compares a side's timestamps with its own (round trips), so any monotonic
 * millisecond clock serves as the time base; no wall clock is needed.
 */
public final class NtpTime {
    /** Units of the "compact" middle-32-bit form (LSR, DLSR): 1/65536 s. */
    public static final long COMPACT_UNITS_PER_SECOND = 65_536;

    private NtpTime() {}

    /** The 64-bit NTP form of a millisecond clock reading. */
    public static long fromMillis(long millis) {
        long seconds = Math.floorDiv(millis, 1000);
        long fraction = (Math.floorMod(millis, 1000L) << 32) / 1000;
        return seconds << 32 | fraction;
    }

    /** The middle 32 bits (RFC 3550 §6.4.1 LSR, RFC 3611 LRR). */
    public static long middle32(long ntp) {
        return ntp >>> 16 & 0xFFFF_FFFFL;
    }

    /** A duration in milliseconds as 1/65536 s, clamped to 32 bits. */
    public static long compactFromMillis(long millis) {
        return Math.min(0xFFFF_FFFFL, Math.max(0, millis) * COMPACT_UNITS_PER_SECOND / 1000);
    }

    /**
     * The round-trip time from a reply that echoes one of our timestamps (RFC 3550 §6.4.1: A - LSR -
     * DLSR, modulo 2^32), in milliseconds; -1 when there is no echo or the result is negative.
     */
    public static long roundTripMillis(long nowMillis, long echoedMiddle32, long delayCompact) {
        if (echoedMiddle32 == 0) {
            return -1;
        }
        long arrival = middle32(fromMillis(nowMillis));
        long rtt = arrival - echoedMiddle32 - delayCompact & 0xFFFF_FFFFL;
        if (rtt > 0x8000_0000L) {
            return -1; // went backwards: a corrupt or stale echo
        }
        return rtt * 1000 / COMPACT_UNITS_PER_SECOND;
    }
}
