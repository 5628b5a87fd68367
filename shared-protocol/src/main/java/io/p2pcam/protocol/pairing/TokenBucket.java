package io.p2pcam.protocol.pairing;

/**
 * A token bucket counted in whole tokens: full at {@code capacity}, one more every {@code
 * refillMillis}. Sans I/O (time is passed in); not thread-safe. The camera's budgets of unpaired
 * handshakes ({@link UnpairedBudget}) and of requests from its LAN share it.
 */
public final class TokenBucket {
    private final int capacity;
    private final long refillMillis;
    private int tokens;
    private long refilledAt;

    public TokenBucket(int capacity, long refillMillis, long now) {
        this.capacity = capacity;
        this.refillMillis = refillMillis;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** How long until a token is there: 0 when one is there now. */
    public long waitMillis(long now) {
        long earned = (now - refilledAt) / refillMillis;
        if (earned > 0) {
            tokens = (int) Math.min(capacity, tokens + earned);
            refilledAt = tokens == capacity ? now : refilledAt + earned * refillMillis;
        }
        return tokens > 0 ? 0 : refilledAt + refillMillis - now;
    }

    /** Whether a token is there now. */
    public boolean has(long now) {
        return waitMillis(now) == 0;
    }

    /** Takes one token (call after {@link #has} or a zero {@link #waitMillis}). */
    public void take() {
        tokens--;
    }
}
