package io.p2pcam.protocol.pairing;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.noise.NoiseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The viewers a camera has paired with (docs/PROTOCOL.md §10.1): each one's X25519 static key, the
 * name it gave, when it paired, and the high-water mark of its handshake timestamps. Revoked keys
 * keep their high-water mark (a tombstone) so that a recorded pairing message cannot pair them
 * again. Every change counts in {@link #version()} and goes to the {@link Journal}, if any, before
 * the method returns. A running camera gives none: its endpoint reports each change as a
 * snapshot after the admission it belongs to, and the camera writes it off its network thread
 * (decision 0030). Holds at most {@value #MAX_PAIRINGS} pairings and {@value #MAX_TOMBSTONES} tombstones.
 *
 * <p>Not thread-safe: the camera's network thread owns it.
 */
public final class PairingStore {
    public static final int MAX_PAIRINGS = 64;
    static final int MAX_TOMBSTONES = 1024;

    /** One paired viewer. {@code highWaterNanos} is the newest handshake timestamp the camera accepted from it. */
    public record Pairing(Bytes viewerKey, String name, long pairedAtMillis, long highWaterNanos) {}

    /** What the journal stores: the pairings and the revoked keys' high-water marks. */
    public record Snapshot(List<Pairing> pairings, Map<Bytes, Long> revoked) {
        public Snapshot {
            pairings = List.copyOf(pairings);
            revoked = Map.copyOf(revoked);
        }

        public static Snapshot empty() {
            return new Snapshot(List.of(), Map.of());
        }

        /**
         * The same viewers with every high-water mark at least {@code epochNanos}: after a crash, a
         * mark raised just before it may be missing from disk, and so a recorded request would pass;
         * from this snapshot only requests made after {@code epochNanos} do (docs/PROTOCOL.md §10.1).
         */
        public Snapshot withMarksAtLeast(long epochNanos) {
            List<Pairing> raised = new ArrayList<>(pairings.size());
            for (Pairing pairing : pairings) {
                raised.add(new Pairing(
                        pairing.viewerKey(),
                        pairing.name(),
                        pairing.pairedAtMillis(),
                        Math.max(pairing.highWaterNanos(), epochNanos)));
            }
            Map<Bytes, Long> revokedRaised = new LinkedHashMap<>();
            revoked.forEach((key, mark) -> revokedRaised.put(key, Math.max(mark, epochNanos)));
            return new Snapshot(raised, revokedRaised);
        }
    }

    /**
     * Where the store is kept, written before each change returns (the `viewers` command editing a
     * stopped camera's file, in-memory tests). {@link #NONE}: the owner persists the snapshots
     * {@link #snapshot()} gives, as a running camera does.
     */
    public interface Journal {
        /** Stores {@code snapshot} durably, or throws: the change is undone and the handshake it was for refused. */
        void save(Snapshot snapshot) throws PairingStoreException;

        Journal NONE = snapshot -> {};
    }

    private final KeyPair cameraStatic;
    private final Journal journal;
    private final Map<Bytes, Pairing> pairings = new LinkedHashMap<>();
    private final Map<Bytes, byte[]> tagKeys = new LinkedHashMap<>();
    private final Map<Bytes, Long> revoked = new LinkedHashMap<>();
    private long version;

    public PairingStore(KeyPair cameraStatic, Snapshot initial, Journal journal) {
        this.cameraStatic = cameraStatic;
        this.journal = journal;
        for (Pairing pairing : initial.pairings()) {
            try {
                tagKeys.put(
                        pairing.viewerKey(),
                        PairingKey.derive(cameraStatic, pairing.viewerKey().toArray()));
                pairings.put(pairing.viewerKey(), pairing);
            } catch (NoiseException e) {
                // A key of small order was never paired: nothing to restore.
            }
        }
        revoked.putAll(initial.revoked());
    }

    /** The pairing whose key tagged {@code blob}, or null: one HMAC per pairing, no X25519. */
    public Pairing byTag(byte[] blob) {
        for (Map.Entry<Bytes, byte[]> entry : tagKeys.entrySet()) {
            if (HandshakeEnvelope.tagMatches(entry.getValue(), blob)) {
                return pairings.get(entry.getKey());
            }
        }
        return null;
    }

    /**
     * Whether {@code viewerKey} is the camera's owner: the viewer paired first among those still
     * paired (docs/PROTOCOL.md §10.1), as the account that activates an NVR is its administrator.
     */
    public boolean isOwner(Bytes viewerKey) {
        return !pairings.isEmpty() && pairings.keySet().iterator().next().equals(viewerKey);
    }

    public Pairing find(Bytes viewerKey) {
        return pairings.get(viewerKey);
    }

    /** The newest timestamp accepted from this key, paired or revoked, or {@link Long#MIN_VALUE}. */
    public long highWater(Bytes viewerKey) {
        Pairing pairing = pairings.get(viewerKey);
        if (pairing != null) {
            return pairing.highWaterNanos();
        }
        return revoked.getOrDefault(viewerKey, Long.MIN_VALUE);
    }

    /** Raises a paired viewer's high-water mark to {@code timestampNanos} and saves it (unchanged if it cannot). */
    public void accept(Bytes viewerKey, long timestampNanos) throws PairingStoreException {
        Pairing pairing = pairings.get(viewerKey);
        if (pairing == null) {
            throw new IllegalStateException("not paired: " + viewerKey);
        }
        pairings.put(
                viewerKey,
                new Pairing(
                        viewerKey,
                        pairing.name(),
                        pairing.pairedAtMillis(),
                        Math.max(pairing.highWaterNanos(), timestampNanos)));
        try {
            save();
        } catch (PairingStoreException e) {
            pairings.put(viewerKey, pairing);
            throw e;
        }
    }

    /**
     * Pairs a viewer that proved the password. Returns false (and changes nothing) when the store is
     * full; throws (and changes nothing) when the pairing cannot be saved.
     */
    public boolean pair(Bytes viewerKey, String name, long timestampNanos, long nowMillis)
            throws PairingStoreException {
        if (pairings.containsKey(viewerKey)) {
            accept(viewerKey, timestampNanos);
            return true;
        }
        if (pairings.size() >= MAX_PAIRINGS) {
            return false;
        }
        byte[] tagKey;
        try {
            tagKey = PairingKey.derive(cameraStatic, viewerKey.toArray());
        } catch (NoiseException e) {
            return false; // Noise refused such a key long before: unreachable
        }
        Long tombstone = revoked.remove(viewerKey);
        long mark = Math.max(timestampNanos, tombstone == null ? Long.MIN_VALUE : tombstone);
        pairings.put(viewerKey, new Pairing(viewerKey, name, nowMillis, mark));
        tagKeys.put(viewerKey, tagKey);
        try {
            save();
        } catch (PairingStoreException e) { // not on disk: not paired
            pairings.remove(viewerKey);
            tagKeys.remove(viewerKey);
            if (tombstone != null) {
                revoked.put(viewerKey, tombstone);
            }
            throw e;
        }
        return true;
    }

    /** Forgets a viewer's pairing, keeping its high-water mark. Returns whether it was paired. */
    public boolean revoke(Bytes viewerKey) throws PairingStoreException {
        Pairing pairing = pairings.remove(viewerKey);
        if (pairing == null) {
            return false;
        }
        tagKeys.remove(viewerKey);
        revoked.put(viewerKey, pairing.highWaterNanos());
        while (revoked.size() > MAX_TOMBSTONES) {
            revoked.remove(revoked.keySet().iterator().next());
        }
        save();
        return true;
    }

    /** Changes whenever the pairings may have changed (counts changes); a {@link #snapshot()} holds all of them. */
    public long version() {
        return version;
    }

    public List<Pairing> pairings() {
        return List.copyOf(pairings.values());
    }

    public Snapshot snapshot() {
        return new Snapshot(new ArrayList<>(pairings.values()), revoked);
    }

    /** Counts a change and saves it to the journal (a change that cannot be saved is undone by the caller). */
    private void save() throws PairingStoreException {
        version++;
        journal.save(snapshot());
    }
}
