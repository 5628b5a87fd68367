package io.p2pcam.protocol.session;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QUIC's anti-amplification limit (RFC 9000 §8 and §9.3) for addresses a session learnt from
 * authentic packets but has not validated yet: at most {@link #FACTOR} times the bytes received
 * from an address are sent to it until it answers a challenge. Without it, an observer that copies
 * one authentic packet and re-sends it with a victim's source address would make the session send
 * that victim probes and answers for as long as it lasts.
 *
 * <p>Addresses the session was told about (the peer's candidates from the authenticated handshake,
 * the relay) and the path itself are not tracked here. At most {@link #MAX_TRACKED} addresses are
 * remembered; the least recently seen is forgotten first, and a forgotten address gets nothing
 * until it sends again. Not thread-safe.
 */
final class AntiAmplification {
    /** QUIC's factor: three bytes out per byte in. */
    static final int FACTOR = 3;

    static final int MAX_TRACKED = 64;

    private static final class Budget {
        long received;
        long sent;
    }

    private final Map<InetSocketAddress, Budget> unvalidated = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Budget> eldest) {
            return size() > MAX_TRACKED;
        }
    };
    private long refused;

    /** {@code bytes} arrived, authentic, from {@code from}, an address not validated. */
    void received(InetSocketAddress from, int bytes) {
        unvalidated.computeIfAbsent(from, a -> new Budget()).received += bytes;
    }

    /** Whether {@code to} is an unvalidated address this tracks. */
    boolean tracks(InetSocketAddress to) {
        return unvalidated.containsKey(to);
    }

    /**
     * Whether {@code bytes} more may go to the tracked address {@code to}; if so they are counted as
     * sent. An untracked address gets nothing through here.
     */
    boolean trySend(InetSocketAddress to, int bytes) {
        Budget budget = unvalidated.get(to);
        if (budget == null || budget.sent + bytes > FACTOR * budget.received) {
            refused++;
            return false;
        }
        budget.sent += bytes;
        return true;
    }

    /** {@code address} answered a challenge: it is validated and no longer limited. */
    void validated(InetSocketAddress address) {
        unvalidated.remove(address);
    }

    /** Datagrams not sent because of the limit, for counters and tests. */
    long refused() {
        return refused;
    }
}
