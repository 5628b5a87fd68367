package io.p2pcam.protocol.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.noise.KeyPair;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PairingStoreTest {
    private final SecureRandom random = new SecureRandom();
    private final KeyPair camera = KeyPair.generate(random);
    private final AtomicReference<PairingStore.Snapshot> journal = new AtomicReference<>(PairingStore.Snapshot.empty());
    private final PairingStore store = new PairingStore(camera, journal.get(), journal::set);

    private Bytes newKey() {
        return Bytes.of(KeyPair.generate(random).publicKey());
    }

    @Test
    void everyChangeIsJournaledAndARestoredStoreRecognizesTheSameTags() throws Exception {
        KeyPair viewer = KeyPair.generate(random);
        Bytes key = Bytes.of(viewer.publicKey());
        assertThat(store.pair(key, "laptop", 10, 1_000)).isTrue();
        store.accept(key, 20);
        assertThat(journal.get().pairings()).containsExactly(new PairingStore.Pairing(key, "laptop", 1_000, 20));

        PairingStore restored = new PairingStore(camera, journal.get(), PairingStore.Journal.NONE);
        byte[] blob = new byte[HandshakeEnvelope.NOISE_OFFSET + HandshakeEnvelope.MIN_NOISE_BYTES];
        byte[] tagged = HandshakeEnvelope.encode(
                new byte[Tai64n.BYTES],
                Arrays.copyOfRange(blob, HandshakeEnvelope.NOISE_OFFSET, blob.length),
                PairingKey.derive(viewer, camera.publicKey()),
                null);
        assertThat(restored.byTag(tagged)).isEqualTo(restored.find(key));
    }

    @Test
    void aRevokedKeyKeepsItsHighWaterMarkAndPairingAgainStartsAboveIt() throws Exception {
        Bytes key = newKey();
        store.pair(key, "phone", 50, 0);
        assertThat(store.revoke(key)).isTrue();
        assertThat(store.find(key)).isNull();
        assertThat(store.highWater(key)).isEqualTo(50);
        store.pair(key, "phone", 40, 0); // an older timestamp cannot lower the mark
        assertThat(store.highWater(key)).isEqualTo(50);
    }

    @Test
    void theStoreHoldsAtMostSixtyFourPairings() throws Exception {
        for (int i = 0; i < PairingStore.MAX_PAIRINGS; i++) {
            assertThat(store.pair(newKey(), "v" + i, 1, 0)).isTrue();
        }
        assertThat(store.pair(newKey(), "one too many", 1, 0)).isFalse();
        assertThat(store.pairings()).hasSize(PairingStore.MAX_PAIRINGS);
    }

    @Test
    void aPairingThatCannotBeSavedIsNotMade() {
        PairingStore failing = new PairingStore(camera, PairingStore.Snapshot.empty(), snapshot -> {
            throw new PairingStoreException("disk full", new IOException("disk full"));
        });
        Bytes key = newKey();
        assertThatThrownBy(() -> failing.pair(key, "x", 1, 0)).isInstanceOf(PairingStoreException.class);
        assertThat(failing.find(key)).isNull();
        assertThat(failing.highWater(key)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void everyChangeMovesTheVersionAndLookingDoesNot() throws Exception {
        Bytes key = newKey();
        long start = store.version();
        store.pair(key, "laptop", 10, 0);
        store.accept(key, 20);
        store.find(key);
        store.highWater(key);
        store.snapshot();
        assertThat(store.version()).isEqualTo(start + 2);
        store.revoke(key);
        assertThat(store.version()).isEqualTo(start + 3);
        assertThat(store.revoke(key)).isFalse();
        assertThat(store.version()).isEqualTo(start + 3);
    }
}
