package io.p2pcam.protocol.pairing;

import io.p2pcam.protocol.cloud.Bytes;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The camera's checks on a first message before any X25519 work (docs/PROTOCOL.md §10.1), in this
 * order, cheapest first:
 *
 * <ol>
 *   <li>a pairing tag that matches a paired viewer (one HMAC per pairing): its timestamp must be
 *       newer than that viewer's high-water mark, and nothing else limits it;
 *   <li>otherwise the viewer is unpaired: its timestamp must lie within {@value #WINDOW_SECONDS} s of
 *       the camera's clock and not before the camera started, its ephemeral key (the first 32 bytes of
 *       the Noise message, which cannot be changed without breaking it) must not have been seen
 *       within the window (a replay), and the {@link UnpairedBudget} must allow it.
 * </ol>
 *
 * A message that passes still has to authenticate, and {@link io.p2pcam.protocol.session.CameraHandshake}
 * then checks the authenticated viewer key's high-water mark. Memory is bounded: at most
 * {@value #MAX_RECENT} recent ephemeral keys, and when they are all in use unpaired viewers wait.
 *
 * <p>Not thread-safe.
 */
public final class HandshakeAdmission {
    public static final long WINDOW_SECONDS = 120;
    static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;
    static final int MAX_RECENT = 4096;
    private static final int EPHEMERAL_BYTES = 32;

    /** What to do with a first message. */
    public sealed interface Gate {
        record Paired(PairingStore.Pairing pairing) implements Gate {}

        record Unpaired() implements Gate {}

        record Refused(HandshakeRefusal refusal) implements Gate {}
    }

    private final PairingStore pairings;
    private final UnpairedBudget budget;
    private final long startedAtNanos;
    /** Ephemeral keys of unpaired first messages let through, with when (monotonic millis), oldest first. */
    private final Map<Bytes, Long> recentEphemerals = new LinkedHashMap<>();

    /** {@code startedAtNanos}: the camera's wall clock at start; unpaired messages made before it are stale. */
    public HandshakeAdmission(PairingStore pairings, UnpairedBudget budget, long startedAtNanos) {
        this.pairings = pairings;
        this.budget = budget;
        this.startedAtNanos = startedAtNanos;
    }

    public Gate admit(byte[] blob, HandshakeEnvelope envelope, InetAddress source, long wallNanos, long now) {
        PairingStore.Pairing paired = pairings.byTag(blob);
        if (paired != null) {
            return envelope.timestampNanos() > paired.highWaterNanos()
                    ? new Gate.Paired(paired)
                    : new Gate.Refused(HandshakeRefusal.stale());
        }
        long timestamp = envelope.timestampNanos();
        if (timestamp == Long.MIN_VALUE
                || Math.abs(timestamp - wallNanos) > WINDOW_NANOS
                || timestamp < startedAtNanos) {
            return new Gate.Refused(HandshakeRefusal.stale());
        }
        forgetOldEphemerals(now);
        Bytes ephemeral = Bytes.of(envelope.noiseMessage().toArray(), 0, EPHEMERAL_BYTES);
        if (recentEphemerals.containsKey(ephemeral)) {
            return new Gate.Refused(HandshakeRefusal.stale());
        }
        if (recentEphemerals.size() >= MAX_RECENT) {
            return new Gate.Refused(HandshakeRefusal.throttled(1_000));
        }
        long wait = budget.tryAcquire(source, now);
        if (wait > 0) {
            return new Gate.Refused(HandshakeRefusal.throttled(wait));
        }
        recentEphemerals.put(ephemeral, now);
        return new Gate.Unpaired();
    }

    /**
     * The message let through did not authenticate: forget its ephemeral key, so that a corrupted
     * copy sent ahead of the genuine message does not make the genuine one look replayed.
     */
    public void unauthenticated(HandshakeEnvelope envelope) {
        recentEphemerals.remove(Bytes.of(envelope.noiseMessage().toArray(), 0, EPHEMERAL_BYTES));
    }

    /** A key is kept for twice the window: its message is stale by then whatever its timestamp. */
    private void forgetOldEphemerals(long now) {
        Iterator<Long> seen = recentEphemerals.values().iterator();
        while (seen.hasNext() && now - seen.next() > 2 * WINDOW_SECONDS * 1000) {
            seen.remove();
        }
    }
}
