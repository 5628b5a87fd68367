package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.ClientAddress;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The sources of the datagrams an edge reads, as the {@link ClientAddress}es the core takes, made
 * once per source while it keeps sending: the raw {@code sockaddr} the kernel wrote is compared
 * with those last seen in its set of a small table, and a match reuses that entry's object
 * instead of making an {@code InetSocketAddress}, its address and holders and a {@code
 * ClientAddress} per datagram (the largest allocation of the stateless path, issue 13 §5 (a)).
 * Sharing one is safe where the core keeps it (a pending connect, a relay side): the objects are
 * immutable and compared by value. A source that loses its entry to another is made anew next
 * time; a flood of sources costs what it cost without the table and holds no more than its
 * entries.
 *
 * <p>One thread (the edge's event loop).
 */
final class SenderCache {
    /** Entries, a power of two: more than the sources that send most of a busy port's datagrams at once. */
    static final int ENTRIES = 512;
    /**
     * Entries a source may be in (the entries of its set): two, so that two busy sources whose
     * {@code sockaddr}s hash alike do not take each other's entry on every datagram (with one, 16
     * sources in 256 entries collide more often than not, and the blaster's lost a quarter of hits).
     */
    private static final int WAYS = 2;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final int KEY_LONGS = 4;

    /** Each entry's {@code sockaddr}, as {@link #KEY_LONGS} longs (an IPv4 one in the first, zeros after). */
    private final long[] keys = new long[ENTRIES * KEY_LONGS];

    private final ClientAddress[] senders = new ClientAddress[ENTRIES];

    /** The UDP source whose {@code sockaddr} (IPv4 or IPv6, as the kernel wrote it) is at {@code at} in {@code names}. */
    ClientAddress sender(MemorySegment names, long at) {
        long head = names.get(LONG, at); // family, port, and the IPv4 address or the IPv6 flow label
        long address1 = 0;
        long address2 = 0;
        long scope = 0;
        // An IPv4 sockaddr ends here (its padding is not compared); an IPv6 one has its address and scope after.
        if (names.get(ValueLayout.JAVA_SHORT_UNALIGNED, at) != LinuxSocketCalls.AF_INET) {
            address1 = names.get(LONG, at + 8);
            address2 = names.get(LONG, at + 16);
            scope = names.get(ValueLayout.JAVA_INT_UNALIGNED, at + 24);
        }
        int first = set(head, address1, address2, scope) * WAYS;
        for (int entry = first; entry < first + WAYS; entry++) {
            int key = entry * KEY_LONGS;
            ClientAddress known = senders[entry];
            if (known != null
                    && keys[key] == head
                    && keys[key + 1] == address1
                    && keys[key + 2] == address2
                    && keys[key + 3] == scope) {
                return known;
            }
        }
        // The newest source takes the set's first entry, the one it held moves to the second.
        System.arraycopy(keys, first * KEY_LONGS, keys, (first + 1) * KEY_LONGS, KEY_LONGS);
        senders[first + 1] = senders[first];
        ClientAddress sender = ClientAddress.udp(NativeSockaddr.read(names, at));
        int key = first * KEY_LONGS;
        keys[key] = head;
        keys[key + 1] = address1;
        keys[key + 2] = address2;
        keys[key + 3] = scope;
        senders[first] = sender;
        return sender;
    }

    /** The set a {@code sockaddr} maps to: a multiplicative hash's top bits. */
    private static int set(long head, long address1, long address2, long scope) {
        long mixed = (head * 0x9E37_79B9_7F4A_7C15L)
                ^ (address1 * 0xC2B2_AE3D_27D4_EB4FL)
                ^ (address2 * 0x1656_67B1_9E37_79F9L)
                ^ (scope * 0x85EB_CA77_C2B2_AE63L);
        mixed ^= mixed >>> 29;
        return (int) (mixed >>> (Long.SIZE - Integer.numberOfTrailingZeros(ENTRIES / WAYS)));
    }
}
