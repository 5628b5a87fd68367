package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.hash.SeededHash;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The registered cameras, packed for a million of them: each registration is one fixed
 * {@value #SLOT_BYTES}-byte slot in large pages (no object per camera), found through an
 * open-addressing index of slot numbers keyed by a seeded hash of the camera ID.
 *
 * <p>Pages and index live outside the Java heap, in native segments of automatic arenas, so that
 * no young collection copies them: on the heap they stayed young for seven or more collections,
 * and each of those copied the whole table between survivor spaces (93 ms for 400,000 cameras'
 * 53 MB on one core; docs/decisions/0035). The memory is freed once the table (or an index it
 * outgrew) is unreachable, and counts against {@code -XX:MaxDirectMemorySize}.
 *
 * <pre>
 * slot:  0 id(15) | 15 used(1) | 16 key(64) | 80 token(16) | 96 reflexive(19) | 115 lane(1) | 116 lastSeen(8)
 *        124 cookieIssuedAt(8)                  address = family(1) ip(16) port(2)
 * </pre>
 *
 * The local candidates a camera announces in its REGISTER are not kept: a camera gives them to
 * each viewer it accepts, in its CONNECT_ANSWER. Free slots form a chain through their first four
 * bytes. Not thread-safe: owned by the core's thread.
 */
final class RegistrationTable {
    private static final int ADDRESS_BYTES = PackedAddress.BYTES;
    private static final int TOKEN_BYTES = 16;
    private static final int ID = 0;
    private static final int USED = 15;
    private static final int KEY = 16;
    private static final int TOKEN = 80;
    private static final int REFLEXIVE = 96;
    /** The {@link Lane} the registration was made over, by ordinal: its address is that transport's. */
    private static final int LANE = 115;

    private static final Lane[] LANES = Lane.values();
    private static final int LAST_SEEN = 116;
    private static final int COOKIE_ISSUED = 124;
    static final int SLOT_BYTES = 132;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    private static final long PAGE_BYTES = (long) PAGE_SLOTS * SLOT_BYTES;
    private static final int FIRST_INDEX_LENGTH = 1024;
    // Slot fields: 132-byte slots put the longs at 4-byte boundaries, so unaligned access.
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_IN_ARRAY =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final int maxEntries;
    private final long hashSeed;
    /** Live registrations per party ({@link Party}), kept in step with every put and remove. */
    private final PartyCounts parties;

    /** One automatic arena for the pages: they are freed together, with the table. */
    private final Arena pageArena = Arena.ofAuto();
    /** A registration is written here whole, then copied into its slot in one go. */
    private final byte[] scratch = new byte[SLOT_BYTES];
    /** A key is read here, then copied out into the {@link CameraPublicKey} ({@link #key}). */
    private final byte[] keyScratch = new byte[CameraPublicKey.BYTES];
    /** An address is written here to be compared with a slot's ({@link #registeredFrom}). */
    private final byte[] addressScratch = new byte[ADDRESS_BYTES];

    private final MemorySegment addressScratchSegment = MemorySegment.ofArray(addressScratch);

    private MemorySegment[] pages = new MemorySegment[0];
    private int allocatedSlots;
    private int freeHead = -1;
    private int size;
    private MemorySegment index = newIndex(FIRST_INDEX_LENGTH); // ints: slot + 1, 0 = empty
    private final IntUnaryOperator homeOfEntry = entry -> homeOfSlot(entry - 1);
    private int indexLength = FIRST_INDEX_LENGTH;
    private int sweepCursor;
    private int visitCursor;
    /** The node-wide summary this table's IDs are counted in (null: none, a node of one core). */
    private KnownCameras known;

    RegistrationTable(int maxEntries, long hashSeed) {
        this.maxEntries = maxEntries;
        this.hashSeed = hashSeed;
        int widthBits = Math.clamp(32 - Integer.numberOfLeadingZeros(Math.max(1, maxEntries)), 10, 20);
        this.parties = new PartyCounts(widthBits, Long.rotateLeft(hashSeed, 17) ^ 0x2545F4914F6CDD1DL);
    }

    /** Whether one more registration from {@code source} would take its party past {@code caps}. */
    boolean partyFull(InetSocketAddress source, PartyCaps caps) {
        return parties.full(source, caps);
    }

    /**
     * Makes room by removing one registration, of the party holding most relative to its caps
     * among {@code samples} random ones (the least recently seen among equals): a party that
     * filled the table with throw-away keys is the one that loses them, and registrations that
     * never keep alive go before those that do.
     *
     * @return the camera removed, or null when none was
     */
    CameraId evictOne(RandomGenerator random, PartyCaps caps, int samples) {
        int victim = -1;
        double victimLoad = -1;
        long victimSeen = Long.MAX_VALUE;
        int looked = 0;
        for (int tries = 0; tries < samples * 4 && looked < samples && allocatedSlots > 0; tries++) {
            int slot = random.nextInt(allocatedSlots);
            if (page(slot).get(ValueLayout.JAVA_BYTE, offset(slot) + USED) != 1) {
                continue;
            }
            looked++;
            double load = parties.load(reflexive(slot), caps);
            long seen = lastSeen(slot);
            if (load > victimLoad || load == victimLoad && seen < victimSeen) {
                victim = slot;
                victimLoad = load;
                victimSeen = seen;
            }
        }
        if (victim < 0) {
            return null;
        }
        CameraId evicted = CameraId.fromBytes(bytes(victim, ID, CameraId.BYTES));
        remove(victim);
        return evicted;
    }

    int size() {
        return size;
    }

    /**
     * Bytes of native memory this table holds (pages and the current index; an outgrown index until
     * it is collected is not counted), for the metrics and the benchmark's per-camera figure.
     */
    long footprintBytes() {
        return pages.length * PAGE_BYTES + 4L * indexLength;
    }

    /** The slot of {@code id}, or -1. */
    int find(CameraId id) {
        return find(id.toBytes(), 0);
    }

    /**
     * The slot of the ID in the {@value CameraId#BYTES} bytes of {@code data} at {@code at}, or -1:
     * read in place, so that a LOOKUP or KEEPALIVE makes no ID object ({@link StatelessRequest}).
     */
    int find(byte[] data, int at) {
        long head = (long) LONG_IN_ARRAY.get(data, at);
        long tail = (long) LONG_IN_ARRAY.get(data, at + CameraId.BYTES - Long.BYTES);
        int mask = indexLength - 1;
        for (int i = mix(head) & mask; ; i = (i + 1) & mask) {
            int entry = indexAt(i);
            if (entry == 0) {
                return -1;
            }
            if (idEquals(entry - 1, head, tail)) {
                return entry - 1;
            }
        }
    }

    /**
     * Stores a registration, replacing the one with the same ID if present.
     *
     * @param registeredAt the REGISTER's source, transport included (its cookie's round trip proved
     *     the address on that transport alone)
     * @param cookieIssuedAt when the cookie of the REGISTER that made it was issued (newest wins)
     * @return the slot, or -1 when the table is full
     */
    int put(CameraId id, CameraPublicKey key, Bytes token, ClientAddress registeredAt, long now, long cookieIssuedAt) {
        InetSocketAddress reflexive = registeredAt.address();
        int slot = find(id);
        if (slot < 0) {
            if (size >= maxEntries) {
                return -1;
            }
            slot = allocate();
            if ((size + 1) * 3L > indexLength * 2L) {
                growIndex();
            }
            insertIndex(slot, id.toBytes());
            size++;
        } else {
            parties.add(reflexive(slot), -1);
        }
        parties.add(reflexive, 1);
        Arrays.fill(scratch, (byte) 0);
        id.copyTo(scratch, ID);
        scratch[USED] = 1;
        key.copyTo(scratch, KEY);
        token.copyTo(scratch, TOKEN);
        PackedAddress.write(scratch, REFLEXIVE, reflexive);
        scratch[LANE] = (byte) registeredAt.lane().ordinal();
        LONG_IN_ARRAY.set(scratch, LAST_SEEN, now);
        LONG_IN_ARRAY.set(scratch, COOKIE_ISSUED, cookieIssuedAt);
        MemorySegment.copy(scratch, 0, page(slot), ValueLayout.JAVA_BYTE, offset(slot), SLOT_BYTES);
        return slot;
    }

    /** When the cookie of the REGISTER behind this registration was issued. */
    long cookieIssuedAt(int slot) {
        return page(slot).get(LONG, offset(slot) + COOKIE_ISSUED);
    }

    void touch(int slot, long now) {
        page(slot).set(LONG, offset(slot) + LAST_SEEN, now);
    }

    long lastSeen(int slot) {
        return page(slot).get(LONG, offset(slot) + LAST_SEEN);
    }

    /** The registration's token: what its forwards are tagged under (PROTOCOL.md §3.10.10). */
    Bytes token(int slot) {
        return Bytes.of(bytes(slot, TOKEN, 16));
    }

    boolean tokenMatches(int slot, Bytes token) {
        return token.length() == TOKEN_BYTES && tokenMatches(slot, token.toArray(), 0);
    }

    /**
     * Whether the {@value #TOKEN_BYTES} bytes of {@code data} at {@code at} are the registration's
     * token, compared in place and in constant time (every bit is looked at whatever differs: the
     * token is what a KEEPALIVE proves itself with).
     */
    boolean tokenMatches(int slot, byte[] data, int at) {
        MemorySegment page = page(slot);
        long field = offset(slot) + TOKEN;
        long difference = (page.get(LONG, field) ^ (long) LONG_IN_ARRAY.get(data, at))
                | (page.get(LONG, field + Long.BYTES) ^ (long) LONG_IN_ARRAY.get(data, at + Long.BYTES));
        return difference == 0;
    }

    /**
     * Whether {@code source}, transport included, is where this registration was made from (one
     * address and port over UDP and over TCP may be two hosts behind one NAT).
     */
    boolean registeredFrom(int slot, ClientAddress source) {
        if (lane(slot) != source.lane()) {
            return false;
        }
        // Into the reused scratch, not a fresh array: every KEEPALIVE of a registered camera asks this.
        PackedAddress.write(addressScratch, 0, source.address());
        long at = offset(slot) + REFLEXIVE;
        return MemorySegment.mismatch(page(slot), at, at + ADDRESS_BYTES, addressScratchSegment, 0, ADDRESS_BYTES) < 0;
    }

    /** Where the registration was made from, transport included: what is sent to the camera goes there. */
    ClientAddress registeredAt(int slot) {
        return new ClientAddress(reflexive(slot), lane(slot));
    }

    private Lane lane(int slot) {
        return LANES[page(slot).get(ValueLayout.JAVA_BYTE, offset(slot) + LANE)];
    }

    /** The address the registration was made from (its party, the reflexive candidate it is told of). */
    InetSocketAddress reflexive(int slot) {
        return PackedAddress.read(bytes(slot, REFLEXIVE, ADDRESS_BYTES));
    }

    /**
     * The camera's key. Read through {@link #keyScratch} rather than a fresh copy of the field: the
     * key parts are copied out of it anyway, and every LOOKUP that finds its camera reads a key.
     */
    CameraPublicKey key(int slot) {
        MemorySegment.copy(page(slot), ValueLayout.JAVA_BYTE, offset(slot) + KEY, keyScratch, 0, keyScratch.length);
        return CameraPublicKey.fromBytes(keyScratch, 0);
    }

    /**
     * Copies the camera's {@value CameraPublicKey#BYTES}-byte key into {@code target} at {@code at}:
     * a LOOKUP that finds its camera answers with the key's bytes, no key object between.
     */
    void copyKey(int slot, byte[] target, int at) {
        MemorySegment.copy(page(slot), ValueLayout.JAVA_BYTE, offset(slot) + KEY, target, at, CameraPublicKey.BYTES);
    }

    void remove(int slot) {
        parties.add(reflexive(slot), -1);
        MemorySegment page = page(slot);
        int at = offset(slot);
        removeIndex(bytes(slot, ID, CameraId.BYTES), slot);
        page.asSlice(at, SLOT_BYTES).fill((byte) 0);
        page.set(INT, at, freeHead);
        freeHead = slot;
        size--;
    }

    /**
     * Removes registrations last seen before {@code seenBefore}, looking at no more than
     * {@code slots} slots from where the previous sweep stopped, so that one call stays short.
     *
     * @return how many were removed
     */
    int sweep(long seenBefore, int slots) {
        return sweep(seenBefore, slots, id -> {});
    }

    /** {@link #sweep(long, int)}, telling {@code removedIds} the ID of each registration removed. */
    int sweep(long seenBefore, int slots, Consumer<CameraId> removedIds) {
        int removed = 0;
        for (int n = 0; n < slots && allocatedSlots > 0; n++) {
            if (sweepCursor >= allocatedSlots) {
                sweepCursor = 0;
            }
            int slot = sweepCursor++;
            MemorySegment page = page(slot);
            int at = offset(slot);
            if (page.get(ValueLayout.JAVA_BYTE, at + USED) == 1 && page.get(LONG, at + LAST_SEEN) < seenBefore) {
                removedIds.accept(CameraId.fromBytes(bytes(slot, ID, CameraId.BYTES)));
                remove(slot);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Hands {@code visitor} the ID and key of each registration in the next {@code slots} slots from
     * where the previous call stopped (a cursor of its own, apart from the sweep's), so that a
     * caller can walk the whole table a slice at a time. A pass ends at the end of the table.
     *
     * @return whether this call reached the end of the table (the next call starts a new pass)
     */
    boolean visit(int slots, BiConsumer<CameraId, CameraPublicKey> visitor) {
        for (int n = 0; n < slots; n++) {
            if (visitCursor >= allocatedSlots) {
                visitCursor = 0;
                return true;
            }
            int slot = visitCursor++;
            if (page(slot).get(ValueLayout.JAVA_BYTE, offset(slot) + USED) == 1) {
                visitor.accept(CameraId.fromBytes(bytes(slot, ID, CameraId.BYTES)), key(slot));
            }
        }
        return false;
    }

    /** The next {@link #visit} starts a pass from the first slot. */
    void restartVisit() {
        visitCursor = 0;
    }

    int allocatedSlots() {
        return allocatedSlots;
    }

    private int allocate() {
        if (freeHead >= 0) {
            int slot = freeHead;
            freeHead = page(slot).get(INT, offset(slot));
            return slot;
        }
        if (allocatedSlots == pages.length * PAGE_SLOTS) {
            pages = Arrays.copyOf(pages, pages.length + 1);
            pages[pages.length - 1] = pageArena.allocate(PAGE_BYTES);
        }
        return allocatedSlots++;
    }

    private MemorySegment page(int slot) {
        return pages[slot >>> PAGE_SHIFT];
    }

    /** A copy of {@code length} bytes of a slot, from its field at {@code field}. */
    private byte[] bytes(int slot, int field, int length) {
        byte[] copy = new byte[length];
        MemorySegment.copy(page(slot), ValueLayout.JAVA_BYTE, offset(slot) + field, copy, 0, length);
        return copy;
    }

    private static int offset(int slot) {
        return (slot & (PAGE_SLOTS - 1)) * SLOT_BYTES;
    }

    /** Whether the slot holds the ID whose first and last eight bytes are these (they overlap by one). */
    private boolean idEquals(int slot, long head, long tail) {
        MemorySegment page = page(slot);
        int at = offset(slot) + ID;
        return page.get(LONG, at) == head && page.get(LONG, at + CameraId.BYTES - Long.BYTES) == tail;
    }

    /** IDs are hashes, but chosen ones could be ground to collide: a seeded mix keeps probe runs short. */
    private int home(byte[] id) {
        return mix((long) LONG_IN_ARRAY.get(id, 0));
    }

    private int mix(long idHead) {
        return (int) SeededHash.mix(idHead ^ hashSeed);
    }

    private int homeOfSlot(int slot) {
        return mix(page(slot).get(LONG, offset(slot) + ID));
    }

    /**
     * An index of {@code length} empty entries, in an arena of its own so that the index it replaces
     * is freed once unreachable, while the table lives on.
     */
    private static MemorySegment newIndex(int length) {
        return Arena.ofAuto().allocate(ValueLayout.JAVA_INT, length);
    }

    private int indexAt(int i) {
        return index.getAtIndex(ValueLayout.JAVA_INT, i);
    }

    private void setIndexAt(int i, int entry) {
        index.setAtIndex(ValueLayout.JAVA_INT, i, entry);
    }

    /**
     * Makes this table count its IDs in {@code known}, shared with the node's other cores; only
     * while it is empty, so that every ID it will hold is counted.
     */
    void countIn(KnownCameras known) {
        if (size != 0) {
            throw new IllegalStateException("the table already holds " + size + " registrations");
        }
        this.known = known;
    }

    private void insertIndex(int slot, byte[] id) {
        if (known != null) {
            known.added(id, 0);
        }
        int mask = indexLength - 1;
        int i = home(id) & mask;
        while (indexAt(i) != 0) {
            i = (i + 1) & mask;
        }
        setIndexAt(i, slot + 1);
    }

    private void growIndex() {
        MemorySegment old = index;
        int oldLength = indexLength;
        indexLength = oldLength * 2;
        index = newIndex(indexLength);
        int mask = indexLength - 1;
        for (int o = 0; o < oldLength; o++) {
            int entry = old.getAtIndex(ValueLayout.JAVA_INT, o);
            if (entry != 0) {
                int i = homeOfSlot(entry - 1) & mask;
                while (indexAt(i) != 0) {
                    i = (i + 1) & mask;
                }
                setIndexAt(i, entry);
            }
        }
    }

    /** Linear-probing deletion by backward shift (no tombstones, so probe runs never rot). */
    private void removeIndex(byte[] id, int slot) {
        if (known != null) {
            known.removed(id, 0);
        }
        int mask = indexLength - 1;
        int i = home(id) & mask;
        while (indexAt(i) != slot + 1) {
            i = (i + 1) & mask;
        }
        ProbeRuns.remove(index, indexLength, i, homeOfEntry);
    }
}
