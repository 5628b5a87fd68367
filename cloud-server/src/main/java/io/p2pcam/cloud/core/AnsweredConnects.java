package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.SeededHash;
import io.p2pcam.protocol.identity.CameraId;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The results of answered connects, kept until a deadline so that a viewer repeating its request
 * gets the same result (docs/PROTOCOL.md §5.4): at 5,000 connects a second, 25,000 of them.
 *
 * <p>They live outside the Java heap, one variable-size record each in a ring of native memory
 * (records are added in the order they expire, so the oldest is always at the ring's head), found
 * through an open-addressing index of record positions keyed by a seeded hash of (viewer address,
 * its lane, transaction): one address and port over UDP and over TCP may be two hosts behind one
 * NAT, and neither may be handed the other's result. As objects (a holder, its result array, two map nodes, a boxed key, an address)
 * they were what the cloud's young collections copied once connects ran: ~25 MB, 60–82 ms a pause
 * (docs/decisions/0038). Ring and index grow by doubling and never shrink.
 *
 * <pre>
 * record: 0 keepUntil(8) | 8 key: transaction(8) family(1) ip(16) port(2) lane(1) pad(4) | 40 bytes(4)
 *         44 resultLength(2, -1: none sent) | 46 handedOver(1) | 47 pad | 48 sequence(8) | 56 result
 * </pre>
 *
 * A record's size is a multiple of eight. A result handed back to another node of a cluster also
 * needs that node's name and exchange (§7): those few sit in a map by the record's sequence number.
 * Record numbers from {@link #find} are valid until the next {@link #add} or {@link #expire}.
 * Not thread-safe.
 */
final class AnsweredConnects {
    private static final int KEEP_UNTIL = 0;
    private static final int KEY = 8;
    private static final int KEY_LONGS = 4;
    /** Where the lane sits in the key (after the transaction and the packed address), as an offset into {@link #scratchKey}. */
    private static final int LANE_IN_KEY = Long.BYTES + PackedAddress.BYTES;

    private static final int SIZE = 40;
    private static final int RESULT_LENGTH = 44;
    private static final int HANDED_OVER = 46;
    private static final int SEQUENCE = 48;
    private static final int HEADER_BYTES = 56;
    private static final int FIRST_RING_BYTES = 64 * 1024;
    private static final int FIRST_INDEX_LENGTH = 1024;
    private static final VarHandle LONG_IN_ARRAY =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** The node that handed a request over and the camera it asked for: where its result goes again. */
    record HandedOver(ConnectBroker.Origin origin, CameraId camera) {}

    private final long hashSeed;
    /** The key being looked for or added: transaction, then the address and lane as the records hold them. */
    private final byte[] scratchKey = new byte[KEY_LONGS * Long.BYTES];

    private final long[] key = new long[KEY_LONGS];
    private final Map<Long, HandedOver> handedOver = new HashMap<>();

    private MemorySegment ring = newSegment(FIRST_RING_BYTES);
    private long head;
    private long tail;
    /** Where the records before the wrap end, while {@link #tail} has wrapped behind {@link #head}; -1 when not. */
    private long wrapEnd = -1;

    private int count;
    private long nextSequence;
    private MemorySegment index = newSegment(4L * FIRST_INDEX_LENGTH); // ints: record position / 8 + 1, 0 = empty
    private int indexLength = FIRST_INDEX_LENGTH;
    private final IntUnaryOperator homeOfEntry = entry -> homeOfRecord(position(entry));

    AnsweredConnects(long hashSeed) {
        this.hashSeed = hashSeed;
    }

    int size() {
        return count;
    }

    /** Bytes of native memory held (ring and index), for the metrics. */
    long footprintBytes() {
        return ring.byteSize() + index.byteSize();
    }

    /**
     * Keeps {@code result} (null: none could be sent) for the request {@code transaction} from
     * {@code viewer} (over its lane) until {@code keepUntil}, which is no earlier than that of any record kept before.
     *
     * @param from the node that handed the request over and the camera asked for, or null
     */
    void add(ClientAddress viewer, long transaction, byte[] result, HandedOver from, long keepUntil) {
        int resultLength = result == null ? 0 : result.length;
        int bytes = (HEADER_BYTES + resultLength + 7) & ~7;
        long at = reserve(bytes);
        if ((count + 1) * 2L > indexLength) {
            rebuildIndex(indexLength * 2);
        }
        loadKey(viewer, transaction);
        ring.set(ValueLayout.JAVA_LONG, at + KEEP_UNTIL, keepUntil);
        for (int i = 0; i < KEY_LONGS; i++) {
            ring.set(ValueLayout.JAVA_LONG, at + KEY + 8L * i, key[i]);
        }
        ring.set(ValueLayout.JAVA_INT, at + SIZE, bytes);
        ring.set(ValueLayout.JAVA_SHORT, at + RESULT_LENGTH, (short) (result == null ? -1 : resultLength));
        ring.set(ValueLayout.JAVA_BYTE, at + HANDED_OVER, (byte) (from == null ? 0 : 1));
        long sequence = nextSequence++;
        ring.set(ValueLayout.JAVA_LONG, at + SEQUENCE, sequence);
        if (result != null) {
            MemorySegment.copy(result, 0, ring, ValueLayout.JAVA_BYTE, at + HEADER_BYTES, resultLength);
        }
        if (from != null) {
            handedOver.put(sequence, from);
        }
        insert(at);
        count++;
    }

    /** The record kept for the request {@code transaction} from {@code viewer} (over its lane), or -1. */
    int find(ClientAddress viewer, long transaction) {
        loadKey(viewer, transaction);
        int mask = indexLength - 1;
        for (int i = home(key[0], key[1], key[2], key[3]) & mask; ; i = (i + 1) & mask) {
            int entry = indexAt(i);
            if (entry == 0) {
                return -1;
            }
            if (keyEquals(position(entry))) {
                return entry - 1;
            }
        }
    }

    /** The result kept in {@code record} (a copy), or null when none could be sent. */
    byte[] result(int record) {
        long at = (long) record << 3;
        short length = ring.get(ValueLayout.JAVA_SHORT, at + RESULT_LENGTH);
        if (length < 0) {
            return null;
        }
        byte[] result = new byte[length];
        MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, at + HEADER_BYTES, result, 0, length);
        return result;
    }

    /** Where the result of {@code record} went if another node handed the request over, or null. */
    HandedOver handedOver(int record) {
        long at = (long) record << 3;
        if (ring.get(ValueLayout.JAVA_BYTE, at + HANDED_OVER) == 0) {
            return null;
        }
        return handedOver.get(ring.get(ValueLayout.JAVA_LONG, at + SEQUENCE));
    }

    /** The earliest deadline kept, or {@link Long#MAX_VALUE}. */
    long nextExpiry() {
        return count == 0 ? Long.MAX_VALUE : ring.get(ValueLayout.JAVA_LONG, head + KEEP_UNTIL);
    }

    /** Forgets the records whose deadline is {@code now} or earlier. */
    void expire(long now) {
        while (count > 0 && ring.get(ValueLayout.JAVA_LONG, head + KEEP_UNTIL) <= now) {
            removeFromIndex(head);
            if (ring.get(ValueLayout.JAVA_BYTE, head + HANDED_OVER) != 0) {
                handedOver.remove(ring.get(ValueLayout.JAVA_LONG, head + SEQUENCE));
            }
            head += ring.get(ValueLayout.JAVA_INT, head + SIZE);
            count--;
            if (count == 0) {
                head = 0;
                tail = 0;
                wrapEnd = -1;
            } else if (head == wrapEnd) {
                head = 0;
                wrapEnd = -1;
            }
        }
    }

    /** Where a record of {@code bytes} goes: after the newest, at the ring's start, or in a larger ring. */
    private long reserve(int bytes) {
        if (wrapEnd < 0) {
            if (ring.byteSize() - tail >= bytes) {
                return advanceTail(bytes);
            }
            if (head >= bytes) {
                wrapEnd = tail;
                tail = 0;
                return advanceTail(bytes);
            }
        } else if (head - tail >= bytes) {
            return advanceTail(bytes);
        }
        growRing(bytes);
        return advanceTail(bytes);
    }

    private long advanceTail(int bytes) {
        long at = tail;
        tail += bytes;
        return at;
    }

    /** Copies the records, oldest first, to the start of a ring with room for {@code bytes} more. */
    private void growRing(int bytes) {
        MemorySegment bigger = newSegment(Math.max(2 * ring.byteSize(), ring.byteSize() + bytes));
        long to = 0;
        long from = head;
        for (int n = 0; n < count; n++) {
            if (from == wrapEnd) {
                from = 0;
            }
            int size = ring.get(ValueLayout.JAVA_INT, from + SIZE);
            MemorySegment.copy(ring, from, bigger, to, size);
            from += size;
            to += size;
        }
        ring = bigger;
        head = 0;
        tail = to;
        wrapEnd = -1;
        rebuildIndex(indexLength);
    }

    /** A fresh index of {@code length} entries holding every record of the ring. */
    private void rebuildIndex(int length) {
        index = newSegment(4L * length);
        indexLength = length;
        long at = head;
        for (int n = 0; n < count; n++) {
            if (at == wrapEnd) {
                at = 0;
            }
            insert(at);
            at += ring.get(ValueLayout.JAVA_INT, at + SIZE);
        }
    }

    private void insert(long at) {
        int mask = indexLength - 1;
        int i = homeOfRecord(at) & mask;
        while (indexAt(i) != 0) {
            i = (i + 1) & mask;
        }
        setIndexAt(i, (int) (at >>> 3) + 1);
    }

    private void removeFromIndex(long at) {
        int mask = indexLength - 1;
        int entryOfRecord = (int) (at >>> 3) + 1;
        int i = homeOfRecord(at) & mask;
        while (indexAt(i) != entryOfRecord) {
            i = (i + 1) & mask;
        }
        ProbeRuns.remove(index, indexLength, i, homeOfEntry);
    }

    private void loadKey(ClientAddress viewer, long transaction) {
        Arrays.fill(scratchKey, (byte) 0);
        PackedAddress.write(scratchKey, Long.BYTES, viewer.address());
        scratchKey[LANE_IN_KEY] = (byte) viewer.lane().ordinal();
        key[0] = transaction;
        for (int i = 1; i < KEY_LONGS; i++) {
            key[i] = (long) LONG_IN_ARRAY.get(scratchKey, 8 * i);
        }
    }

    private boolean keyEquals(long at) {
        for (int i = 0; i < KEY_LONGS; i++) {
            if (ring.get(ValueLayout.JAVA_LONG, at + KEY + 8L * i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    private int homeOfRecord(long at) {
        return home(
                ring.get(ValueLayout.JAVA_LONG, at + KEY),
                ring.get(ValueLayout.JAVA_LONG, at + KEY + 8),
                ring.get(ValueLayout.JAVA_LONG, at + KEY + 16),
                ring.get(ValueLayout.JAVA_LONG, at + KEY + 24));
    }

    /** Viewers choose their transactions: a seeded mix keeps chosen ones from sharing a probe run. */
    private int home(long transaction, long address0, long address1, long address2) {
        long h = SeededHash.mix(hashSeed ^ transaction);
        h = SeededHash.mix(h ^ address0);
        h = SeededHash.mix(h ^ address1);
        return (int) SeededHash.mix(h ^ address2);
    }

    private static long position(int entry) {
        return (long) (entry - 1) << 3;
    }

    private int indexAt(int i) {
        return index.getAtIndex(ValueLayout.JAVA_INT, i);
    }

    private void setIndexAt(int i, int entry) {
        index.setAtIndex(ValueLayout.JAVA_INT, i, entry);
    }

    /** In an automatic arena of its own, so that an outgrown ring or index is freed once unreachable. */
    private static MemorySegment newSegment(long bytes) {
        return Arena.ofAuto().allocate(bytes, Long.BYTES);
    }
}
