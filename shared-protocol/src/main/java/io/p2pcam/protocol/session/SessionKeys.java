package io.p2pcam.protocol.session;

import io.p2pcam.protocol.noise.CipherState;
import io.p2pcam.protocol.noise.Split;

/**
 * A session's transport keys and their updates (docs/PROTOCOL.md §10.2 "Key update"), after QUIC's
 * key update (RFC 9001 §6) with WireGuard's limits ({@link RekeyLimits}).
 *
 * <p>Both directions' keys change together. A packet carries the sender's key phase (one bit); the
 * next keys are Noise's Rekey() of the current ones (§4.2), so both ends derive them alone and an
 * old key cannot be recovered from a newer one. A side updates when its keys are old enough or have
 * sealed enough packets, but only once the peer has confirmed the current phase by sending in it, so
 * the two are never more than one phase apart. The other side updates when a packet opens under
 * the next keys. Packet counters run on across updates (one replay window, and a nonce is never
 * used twice under any key). A packet whose phase bit is not the current one is opened with the
 * previous receive key when its counter is below every counter received in the current phase (the
 * network reordered it), else with the next key (the peer updated). The previous receive key is
 * dropped {@link RekeyLimits#previousKeyMillis} after the current phase's first packet arrived.
 * Not thread-safe.
 */
final class SessionKeys {
    private static final long NONE = -1L; // unsigned maximum: no counter yet

    private final RekeyLimits limits;
    private CipherState sending;
    private CipherState receiving;
    private CipherState next;
    private CipherState previous;
    private long previousUntil = Long.MAX_VALUE;
    private int phase;
    private long phaseSince;
    private long firstSentInPhase;
    private long firstReceivedInPhase = NONE;
    /** Whether the peer has sent under the current keys (the handshake confirms the first ones). */
    private boolean confirmed = true;

    private long updates;

    SessionKeys(Split split, RekeyLimits limits, long now) {
        this.limits = limits;
        this.sending = split.sending();
        this.receiving = split.receiving();
        this.next = receiving.nextKey();
        this.phaseSince = now;
    }

    /** The key phase to put in the header of the packets sealed now: 0 or 1. */
    int phase() {
        return phase;
    }

    CipherState sending() {
        return sending;
    }

    /** How many times the keys changed. */
    long updates() {
        return updates;
    }

    /**
     * Called before sealing the packet numbered {@code counter}: updates the keys when they are due
     * and may be, and says whether the packet may be sent at all. False means the keys are spent
     * (too old or too used, and the peer never confirmed the last update) or the counter is: the
     * session must close rather than seal it.
     */
    boolean readyToSend(long counter, long now) {
        if (Long.compareUnsigned(counter, limits.lastCounter()) > 0) {
            return false;
        }
        boolean due = now - phaseSince >= limits.rekeyAfterMillis()
                || Long.compareUnsigned(counter - firstSentInPhase, limits.rekeyAfterMessages()) >= 0;
        if (due && confirmed) {
            step(counter, now);
        }
        return now - phaseSince < limits.rejectAfterMillis()
                && Long.compareUnsigned(counter - firstSentInPhase, limits.rejectAfterMessages()) < 0;
    }

    /** The key to open a packet of key phase {@code packetPhase} numbered {@code counter} with, or null. */
    CipherState receiving(int packetPhase, long counter) {
        if (packetPhase == phase) {
            return receiving;
        }
        return reordered(counter) ? previous : next;
    }

    /** A packet opened with the key {@link #receiving(int, long)} gave: the peer may have updated. */
    void opened(int packetPhase, long counter, long nextCounter, long now) {
        if (packetPhase != phase) {
            if (reordered(counter)) {
                return;
            }
            step(nextCounter, now); // the peer updated first: follow
        }
        if (!confirmed) {
            confirmed = true;
            previousUntil = now + limits.previousKeyMillis();
        }
        if (Long.compareUnsigned(counter, firstReceivedInPhase) < 0) {
            firstReceivedInPhase = counter;
        }
    }

    /** When the previous receive key is to be dropped, or {@link Long#MAX_VALUE}. */
    long nextTimeout() {
        return previous == null ? Long.MAX_VALUE : previousUntil;
    }

    void handleTimeout(long now) {
        if (previous != null && now >= previousUntil) {
            previous = null;
        }
    }

    private boolean reordered(long counter) {
        return previous != null && Long.compareUnsigned(counter, firstReceivedInPhase) < 0;
    }

    private void step(long nextCounter, long now) {
        previous = receiving;
        receiving = next;
        next = receiving.nextKey();
        sending = sending.nextKey();
        phase ^= 1;
        phaseSince = now;
        firstSentInPhase = nextCounter;
        firstReceivedInPhase = NONE;
        confirmed = false;
        previousUntil = Long.MAX_VALUE;
        updates++;
    }
}
