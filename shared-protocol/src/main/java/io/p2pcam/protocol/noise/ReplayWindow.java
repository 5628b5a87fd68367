package io.p2pcam.protocol.noise;

/**
 * Sliding-window anti-replay for explicit-nonce datagrams, as in RFC 6479 and WireGuard's
 * {@code replay.go}: a ring of 64-bit blocks remembering which counters near the highest one were seen.
 *
 * <p>A counter is <em>fresh</em> when it is above every counter accepted so far, or at most
 * {@link #WINDOW_SIZE} below the highest and not accepted before. Older counters are refused because
 * the window no longer remembers them. Counters are unsigned 64-bit values; 2^64-1 (a {@code long} of
 * {@code -1}) is never fresh, as Noise reserves that nonce.
 *
 * <p>Use it in this order, so that only authentic packets move the window:
 * <pre>{@code
 * if (!window.check(counter)) drop;                           // cheap pre-filter, changes nothing
 * plaintext = receiving.decryptWithNonce(counter, ad, body);  // NoiseException: drop
 * if (!window.checkAndAccept(counter)) drop;                  // marks it seen; a duplicate loses the race
 * }</pre>
 *
 * <p>Not thread-safe: one window per receiving key, driven by that session's thread.
 */
public final class ReplayWindow {

    private static final int BLOCK_BITS = 64;
    private static final int BLOCK_BITS_LOG = 6;
    private static final int RING_BLOCKS = 64;
    /** How far below the highest accepted counter a counter may still be accepted: 4032. */
    public static final long WINDOW_SIZE = (long) (RING_BLOCKS - 1) * BLOCK_BITS;

    private static final long RESERVED = -1L;

    private final long[] ring = new long[RING_BLOCKS];
    private long highest;

    /** Whether {@code counter} would be accepted now. Changes nothing. */
    public boolean check(long counter) {
        if (counter == RESERVED) {
            return false;
        }
        if (Long.compareUnsigned(counter, highest) > 0) {
            return true;
        }
        if (Long.compareUnsigned(highest - counter, WINDOW_SIZE) > 0) {
            return false;
        }
        return (ring[blockIndex(counter)] & bit(counter)) == 0;
    }

    /**
     * Marks {@code counter} seen if it is fresh, sliding the window forward when it is the new highest.
     * Call only once the packet has authenticated.
     *
     * @return whether it was fresh; {@code false} means a replay or a counter too old to judge
     */
    public boolean checkAndAccept(long counter) {
        if (!check(counter)) {
            return false;
        }
        if (Long.compareUnsigned(counter, highest) > 0) {
            slideTo(counter);
        }
        ring[blockIndex(counter)] |= bit(counter);
        return true;
    }

    /** The highest counter accepted so far (0 before any). */
    public long highest() {
        return highest;
    }

    /** Clears the blocks the window moves past; a jump beyond the whole ring clears all of it. */
    private void slideTo(long counter) {
        long currentBlock = highest >>> BLOCK_BITS_LOG;
        long blocksAhead = (counter >>> BLOCK_BITS_LOG) - currentBlock;
        long toClear = Long.compareUnsigned(blocksAhead, RING_BLOCKS) > 0 ? RING_BLOCKS : blocksAhead;
        for (long i = 1; i <= toClear; i++) {
            ring[(int) ((currentBlock + i) & (RING_BLOCKS - 1))] = 0;
        }
        highest = counter;
    }

    private static int blockIndex(long counter) {
        return (int) ((counter >>> BLOCK_BITS_LOG) & (RING_BLOCKS - 1));
    }

    private static long bit(long counter) {
        return 1L << (counter & (BLOCK_BITS - 1));
    }
}
