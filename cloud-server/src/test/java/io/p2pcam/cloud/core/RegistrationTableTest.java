package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RegistrationTableTest {
    private static final InetSocketAddress PUBLIC = address("203.0.113.9", 50123);
    private static final InetSocketAddress PUBLIC_V6 = address("2001:db8::7", 443);

    private static CameraId id(SplittableRandom random) {
        byte[] bytes = new byte[CameraId.BYTES];
        random.nextBytes(bytes);
        return CameraId.fromBytes(bytes);
    }

    private static CameraPublicKey key(SplittableRandom random) {
        byte[] bytes = new byte[CameraPublicKey.BYTES];
        random.nextBytes(bytes);
        return CameraPublicKey.fromBytes(bytes, 0);
    }

    @Test
    void storesAndReturnsEveryFieldOfARegistration() {
        SplittableRandom random = new SplittableRandom(1);
        RegistrationTable table = new RegistrationTable(10, 99);
        CameraId id = id(random);
        CameraPublicKey key = key(random);
        Bytes token = Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        int slot = table.put(id, key, token, new ClientAddress(PUBLIC, Lane.UDP), 1234, 0);

        assertThat(table.find(id)).isEqualTo(slot);
        assertThat(table.key(slot)).isEqualTo(key);
        assertThat(table.tokenMatches(slot, token)).isTrue();
        assertThat(table.tokenMatches(slot, Bytes.of(new byte[16]))).isFalse();
        assertThat(table.reflexive(slot)).isEqualTo(PUBLIC);
        assertThat(table.registeredFrom(slot, new ClientAddress(PUBLIC, Lane.UDP)))
                .isTrue();
        assertThat(table.registeredFrom(slot, new ClientAddress(address("203.0.113.9", 50124), Lane.UDP)))
                .isFalse();
        int v6 = table.put(id(random), key, token, new ClientAddress(PUBLIC_V6, Lane.UDP), 1, 0);
        assertThat(table.reflexive(v6)).isEqualTo(PUBLIC_V6);
        assertThat(table.registeredFrom(v6, new ClientAddress(PUBLIC_V6, Lane.UDP)))
                .isTrue();
        assertThat(table.lastSeen(slot)).isEqualTo(1234);
    }

    @Property(tries = 200)
    void behavesLikeAMapUnderAnyMixOfPutsAndRemoves(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RegistrationTable table = new RegistrationTable(100_000, seed);
        Map<CameraId, CameraPublicKey> model = new HashMap<>();
        List<CameraId> known = new ArrayList<>();
        for (int op = 0; op < 2_000; op++) {
            if (known.isEmpty() || random.nextInt(3) > 0) {
                CameraId id = random.nextInt(4) == 0 && !known.isEmpty()
                        ? known.get(random.nextInt(known.size()))
                        : id(random);
                CameraPublicKey key = key(random);
                table.put(id, key, Bytes.of(new byte[16]), new ClientAddress(PUBLIC, Lane.UDP), op, 0);
                if (model.put(id, key) == null) {
                    known.add(id);
                }
            } else {
                CameraId id = known.remove(random.nextInt(known.size()));
                table.remove(table.find(id));
                model.remove(id);
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        model.forEach((id, key) -> assertThat(table.key(table.find(id))).isEqualTo(key));
        for (int i = 0; i < 100; i++) {
            assertThat(table.find(id(random))).isEqualTo(-1);
        }
    }

    @Test
    void aSweepRemovesOnlyRegistrationsNotSeenSinceTheCutOff() {
        SplittableRandom random = new SplittableRandom(3);
        RegistrationTable table = new RegistrationTable(10_000, 5);
        for (int i = 0; i < 5_000; i++) {
            table.put(
                    id(random),
                    key(random),
                    Bytes.of(new byte[16]),
                    new ClientAddress(PUBLIC, Lane.UDP),
                    i % 2 == 0 ? 100 : 900,
                    0);
        }
        int removed = 0;
        for (int pass = 0; pass < 10; pass++) {
            removed += table.sweep(500, 1_000);
        }
        assertThat(removed).isEqualTo(2_500);
        assertThat(table.size()).isEqualTo(2_500);
    }

    @Test
    void aMillionCamerasFitInUnderOneHundredFiftyBytesEach() {
        SplittableRandom random = new SplittableRandom(4);
        int cameras = 1_000_000;
        RegistrationTable table = new RegistrationTable(cameras, 6);
        Bytes token = Bytes.of(new byte[16]);
        CameraPublicKey key = key(random);
        for (int i = 0; i < cameras; i++) {
            table.put(id(random), key, token, new ClientAddress(PUBLIC, Lane.UDP), i, 0);
        }
        assertThat(table.size()).isEqualTo(cameras);
        assertThat(table.footprintBytes() / (double) cameras).isLessThan(150);
    }

    @Test
    void registrationsOnEveryPageKeepTheirFieldsThroughGrowthAndRemoval() {
        SplittableRandom random = new SplittableRandom(8);
        int cameras = 10_000; // three pages of 4,096 slots; the index doubles from 1,024 to 16,384 entries
        RegistrationTable table = new RegistrationTable(cameras, 9);
        List<CameraId> ids = new ArrayList<>();
        List<CameraPublicKey> keys = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            ids.add(id(random));
            keys.add(key(random));
            byte[] token = new byte[16];
            token[0] = (byte) i;
            token[15] = (byte) (i >>> 8);
            InetSocketAddress from = i % 2 == 0 ? address("198.51.100.7", 1 + i) : address("2001:db8::9", 1 + i);
            table.put(ids.get(i), keys.get(i), Bytes.of(token), new ClientAddress(from, Lane.UDP), 1_000L + i, 7L * i);
        }
        assertThat(table.allocatedSlots()).isEqualTo(cameras);
        assertThat(table.footprintBytes()).isEqualTo(3L * 4_096 * RegistrationTable.SLOT_BYTES + 4L * 16_384);
        for (int i = 0; i < cameras; i += 2) {
            table.remove(table.find(ids.get(i)));
        }
        for (int i = 0; i < cameras; i++) {
            int slot = table.find(ids.get(i));
            if (i % 2 == 0) {
                assertThat(slot).isEqualTo(-1);
                continue;
            }
            byte[] token = new byte[16];
            token[0] = (byte) i;
            token[15] = (byte) (i >>> 8);
            assertThat(table.key(slot)).isEqualTo(keys.get(i));
            assertThat(table.tokenMatches(slot, Bytes.of(token))).isTrue();
            assertThat(table.reflexive(slot)).isEqualTo(address("2001:db8::9", 1 + i));
            assertThat(table.lastSeen(slot)).isEqualTo(1_000L + i);
            assertThat(table.cookieIssuedAt(slot)).isEqualTo(7L * i);
        }
        assertThat(table.size()).isEqualTo(cameras / 2);
    }

    @Test
    void freedSlotsAreReusedBeforeTheTableGrows() {
        SplittableRandom random = new SplittableRandom(5);
        RegistrationTable table = new RegistrationTable(100, 7);
        CameraId first = id(random);
        table.put(first, key(random), Bytes.of(new byte[16]), new ClientAddress(PUBLIC, Lane.UDP), 0, 0);
        table.remove(table.find(first));
        table.put(id(random), key(random), Bytes.of(new byte[16]), new ClientAddress(PUBLIC, Lane.UDP), 0, 0);
        assertThat(table.allocatedSlots()).isEqualTo(1);
    }
}
