package io.p2pcam.protocol.session;

import io.p2pcam.protocol.noise.CipherState;

/**
 * When a session's transport keys are updated and when they may no longer be used
 * (docs/PROTOCOL.md §10.2 "Key update"). The values follow WireGuard's REKEY_AFTER_TIME,
 * REJECT_AFTER_TIME, REKEY_AFTER_MESSAGES and REJECT_AFTER_MESSAGES; the update itself is QUIC's
 * (RFC 9001 §6): a key-phase bit, next keys derived from the current ones, old receive keys kept
 * briefly for reordered packets. Counts are unsigned 64-bit values.
 *
 * @param rekeyAfterMillis update the keys once the current ones are this old
 * @param rejectAfterMillis never send under keys this old: a session that could not update them
 *        by then closes ({@link SessionEvent.CloseReason#KEYS_EXHAUSTED})
 * @param rekeyAfterMessages update the keys once this many packets were sent under the current ones
 * @param rejectAfterMessages never send more than this many packets under one key
 * @param previousKeyMillis keep the previous receive key this long after the first packet under the
 *        new one arrived, for packets the network reordered
 * @param lastCounter the highest packet counter (the nonce) ever sent; a session that reaches it
 *        closes rather than wrap around
 */
public record RekeyLimits(
        long rekeyAfterMillis,
        long rejectAfterMillis,
        long rekeyAfterMessages,
        long rejectAfterMessages,
        long previousKeyMillis,
        long lastCounter) {
    /** 120 s, 180 s, 2^60 and 2^64 − 2^13 − 1 messages (WireGuard), 10 s for stragglers, counters up to 2^64 − 2. */
    public static final RekeyLimits DEFAULT =
            new RekeyLimits(120_000, 180_000, 1L << 60, -(1L << 13) - 1, 10_000, CipherState.MAX_NONCE);

    public RekeyLimits {
        if (rekeyAfterMillis <= 0 || rejectAfterMillis <= rekeyAfterMillis || previousKeyMillis < 0) {
            throw new IllegalArgumentException("rekey < reject time, both positive");
        }
        if (rekeyAfterMessages == 0 || Long.compareUnsigned(rejectAfterMessages, rekeyAfterMessages) <= 0) {
            throw new IllegalArgumentException("rekey < reject message count, both positive");
        }
        if (lastCounter == -1L) {
            throw new IllegalArgumentException("counter 2^64-1 is reserved (Noise §5.1)");
        }
    }
}
