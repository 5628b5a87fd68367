package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.AddressKey;
import io.p2pcam.protocol.hash.CollidingKeys;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * bench/hash-flood.sh: what a lookup of a new key costs in the cloud's tables when a flood filled
 * them with keys chosen to collide under a public hash, with the keys' hash codes as they were
 * (a record's, Arrays.hashCode) and as they are (seeded mixes). Keys chosen as in the tests
 * (CameraIdTest, ViewerRequestTest, SourceBucketsTest, AddressKeyTest). Args: the keys held, rounds.
 */
public final class HashFloodBench {
    private HashFloodBench() {}

    /** ViewerRequest as it was: a record's hash code. */
    private record PublicViewerRequest(InetSocketAddress viewer, long transaction) {}

    /** CameraId as it was: its equality, and Arrays.hashCode of its bytes for a hash code. */
    private record PublicCameraId(CameraId id, int publicHashCode) {
        PublicCameraId(byte[] bytes) {
            this(CameraId.fromBytes(bytes), Arrays.hashCode(bytes));
        }

        @Override
        public int hashCode() {
            return publicHashCode;
        }
    }

    public static void main(String[] args) throws UnknownHostException {
        int held = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        InetSocketAddress[] viewers = new InetSocketAddress[held + 2000];
        for (int i = 0; i < viewers.length; i++) {
            viewers[i] = new InetSocketAddress(ipv4(0x0A00_0000 + i), 60_000 - i % 50_000);
        }
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d/%d, %,d keys held%n", round, rounds, held);
            report(
                    "pending connects, record hash",
                    lookupCost(
                            held,
                            i -> new PublicViewerRequest(
                                    viewers[i], Integer.toUnsignedLong(-31 * viewers[i].hashCode())),
                            new HashMap<>()));
            report(
                    "pending connects, ViewerRequest",
                    lookupCost(
                            held,
                            i -> new ViewerRequest(
                                    ClientAddress.udp(viewers[i]), Integer.toUnsignedLong(-31 * viewers[i].hashCode())),
                            new HashMap<>()));
            report(
                    "registry cache, Arrays.hashCode",
                    lookupCost(
                            held,
                            i -> new PublicCameraId(CollidingKeys.arraysHashCodeOfZeros(i, CameraId.BYTES)),
                            new LinkedHashMap<>(1024, 0.75f, true)));
            report(
                    "registry cache, CameraId",
                    lookupCost(
                            held,
                            i -> CameraId.fromBytes(CollidingKeys.arraysHashCodeOfZeros(i, CameraId.BYTES)),
                            new LinkedHashMap<>(1024, 0.75f, true)));
            report(
                    "TCP connections, InetSocketAddress",
                    lookupCost(held, HashFloodBench::tcpClient, new ConcurrentHashMap<>()));
            report(
                    "TCP connections, AddressKey",
                    lookupCost(held, i -> AddressKey.of(tcpClient(i)), new ConcurrentHashMap<>()));
            sourceBuckets(held);
        }
    }

    /**
     * The {@code i}th TCP client address, all with one Inet6Address hash code: a flood holds 64 a /64
     * (the per-source cap) from a /56's /64s, each /64's fourth words making up for its second
     * word; all from one /64 here, the same to the map.
     */
    private static InetSocketAddress tcpClient(int i) {
        return new InetSocketAddress(CollidingKeys.ipv6OfOneHashCode(i), 443);
    }

    private static void report(String table, double nanos) {
        System.out.printf("  %-34s %,12.0f ns a lookup of a new key%n", table, nanos);
    }

    /** Fills {@code table} with {@code held} chosen keys, then times 2,000 lookups of new ones. */
    private static <K> double lookupCost(int held, IntFunction<K> key, Map<K, Integer> table) {
        for (int i = 0; i < held; i++) {
            table.put(key.apply(i), i);
        }
        int found = 0;
        long start = System.nanoTime();
        for (int i = held; i < held + 2000; i++) {
            found += table.get(key.apply(i)) == null ? 0 : 1;
        }
        double nanos = (System.nanoTime() - start) / 2000.0;
        if (found != 0) {
            throw new IllegalStateException("new keys were found");
        }
        return nanos;
    }

    /** The rate limiter's table with spoofed IPv4 sources chosen for the unseeded Fibonacci mix. */
    private static void sourceBuckets(int held) throws UnknownHostException {
        int slots = Integer.highestOneBit(held) * 4; // where that many buckets live (grown at half full)
        long[] chosen = new long[held + 2000];
        int count = 0;
        for (int address = 0x0A00_0000; count < chosen.length; address++) {
            long key = Party.key(new InetSocketAddress(ipv4(address), 9), 0);
            long mixed = key * 0x9E3779B97F4A7C15L;
            if (((int) (mixed ^ (mixed >>> 32)) & (slots - 1)) < slots / 64) {
                chosen[count++] = key;
            }
        }
        SourceBuckets buckets = new SourceBuckets(System.nanoTime());
        for (int i = 0; i < held; i++) {
            buckets.add(chosen[i]);
        }
        long start = System.nanoTime();
        int found = 0;
        for (int i = held; i < chosen.length; i++) {
            found += buckets.find(chosen[i]) >= 0 ? 1 : 0;
        }
        double nanos = (System.nanoTime() - start) / 2000.0;
        System.out.printf(
                "  %-34s %,12.0f ns a lookup of a new key; longest probe run %d slots (the same keys"
                        + " under the public mix: >= %,d)%n",
                "rate limiter, SourceBuckets", nanos, buckets.longestProbe(), held - slots / 64);
        Objects.checkIndex(found, 1); // none of the new keys is there
    }

    private static InetAddress ipv4(int address) throws UnknownHostException {
        return InetAddress.getByAddress(
                new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }
}
