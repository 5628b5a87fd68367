package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The registered cameras, packed for a million of them: each registration is one fixed
 * {@value #SLOT_BYTES}-byte slot in large byte pages (no object per camera), found through an
 * open-addressing index of slot numbers keyed by a seeded hash of the camera ID.
 *
 * <pre>
 * slot:  0 id(15) | 15 used(1) | 16 key(64) | 80 token(16) | 96 reflexive(19) | 115 (pad) | 116 lastSeen(8)
 *        124 cookieIssuedAt(8)                  address = family(1) ip(16) port(2)
 * </pre>
 *
 * The local candidates a camera announces in its REGISTER are not kept: a camera gives them to
 * each viewer it accepts, in its CONNECT_ANSWER. Free slots form a chain through their first four
 * bytes. Not thread-safe: owned by the core's thread.
 */
final class RegistrationTable {
    private static final int ADDRESS_BYTES = 19;
    private static final int ID = 0;
    private static final int USED = 15;
    private static final int KEY = 16;
    private static final int TOKEN = 80;
    private static final int REFLEXIVE = 96;
    private static final int LAST_SEEN = 116;
    private static final int COOKIE_ISSUED = 124;
    static final int SLOT_BYTES = 132;
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final int maxEntries;
    private final long hashSeed;
    /** Live registrations per party ({@link Party}), kept in step with every put and remove. */
    private final PartyCounts parties;

    private byte[][] pages = new byte[0][];
    private int allocatedSlots;
    private int freeHead = -1;
    private int size;
    private int[] index = new int[1024]; // slot + 1, 0 = empty
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
     * @return whether one was removed
     */
    boolean evictOne(RandomGenerator random, PartyCaps caps, int samples) {
        int victim = -1;
        double victimLoad = -1;
        long victimSeen = Long.MAX_VALUE;
        int looked = 0;
        for (int tries = 0; tries < samples * 4 && looked < samples && allocatedSlots > 0; tries++) {
            int slot = random.nextInt(allocatedSlots);
            if (page(slot)[offset(slot) + USED] != 1) {
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
            return false;
        }
        remove(victim);
        return true;
    }

    int size() {
        return size;
    }

    /** Bytes of heap this table holds (pages and index), for the benchmark's per-camera figure. */
    long footprintBytes() {
        return (long) pages.length * PAGE_SLOTS * SLOT_BYTES + 4L * index.length;
    }

    /** The slot of {@code id}, or -1. */
    int find(CameraId id) {
        byte[] key = id.toBytes();
        int mask = index.length - 1;
        for (int i = home(key, 0) & mask; ; i = (i + 1) & mask) {
            int entry = index[i];
            if (entry == 0) {
                return -1;
            }
            if (idEquals(entry - 1, key)) {
                return entry - 1;
            }
        }
    }

    /**
     * Stores a registration, replacing the one with the same ID if present.
     *
     * @param cookieIssuedAt when the cookie of the REGISTER that made it was issued (newest wins)
     * @return the slot, or -1 when the table is full
     */
    int put(CameraId id, CameraPublicKey key, Bytes token, InetSocketAddress reflexive, long now, long cookieIssuedAt) {
        int slot = find(id);
        if (slot < 0) {
            if (size >= maxEntries) {
                return -1;
            }
            slot = allocate();
            if ((size + 1) * 3L > index.length * 2L) {
                growIndex();
            }
            insertIndex(slot, id.toBytes());
            size++;
        } else {
            parties.add(reflexive(slot), -1);
        }
        parties.add(reflexive, 1);
        byte[] page = page(slot);
        int at = offset(slot);
        id.copyTo(page, at + ID);
        page[at + USED] = 1;
        key.copyTo(page, at + KEY);
        token.copyTo(page, at + TOKEN);
        writeAddress(page, at + REFLEXIVE, reflexive);
        LONG.set(page, at + LAST_SEEN, now);
        LONG.set(page, at + COOKIE_ISSUED, cookieIssuedAt);
        return slot;
    }

    /** When the cookie of the REGISTER behind this registration was issued. */
    long cookieIssuedAt(int slot) {
        return (long) LONG.get(page(slot), offset(slot) + COOKIE_ISSUED);
    }

    void touch(int slot, long now) {
        LONG.set(page(slot), offset(slot) + LAST_SEEN, now);
    }

    long lastSeen(int slot) {
        return (long) LONG.get(page(slot), offset(slot) + LAST_SEEN);
    }

    boolean tokenMatches(int slot, Bytes token) {
        int at = offset(slot) + TOKEN;
        return token.length() == 16
                && MessageDigest.isEqual(Arrays.copyOfRange(page(slot), at, at + 16), token.toArray());
    }

    /** Whether {@code source} is the address this registration was made from. */
    boolean registeredFrom(int slot, InetSocketAddress source) {
        byte[] expected = new byte[ADDRESS_BYTES];
        writeAddress(expected, 0, source);
        int at = offset(slot) + REFLEXIVE;
        return Arrays.equals(page(slot), at, at + ADDRESS_BYTES, expected, 0, ADDRESS_BYTES);
    }

    InetSocketAddress reflexive(int slot) {
        return readAddress(page(slot), offset(slot) + REFLEXIVE);
    }

    CameraPublicKey key(int slot) {
        return CameraPublicKey.fromBytes(page(slot), offset(slot) + KEY);
    }

    void remove(int slot) {
        parties.add(reflexive(slot), -1);
        byte[] page = page(slot);
        int at = offset(slot);
        removeIndex(Arrays.copyOfRange(page, at + ID, at + ID + CameraId.BYTES), slot);
        Arrays.fill(page, at, at + SLOT_BYTES, (byte) 0);
        INT.set(page, at, freeHead);
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
            byte[] page = page(slot);
            int at = offset(slot);
            if (page[at + USED] == 1 && (long) LONG.get(page, at + LAST_SEEN) < seenBefore) {
                removedIds.accept(CameraId.fromBytes(Arrays.copyOfRange(page, at + ID, at + ID + CameraId.BYTES)));
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
            byte[] page = page(slot);
            int at = offset(slot);
            if (page[at + USED] == 1) {
                visitor.accept(
                        CameraId.fromBytes(Arrays.copyOfRange(page, at + ID, at + ID + CameraId.BYTES)),
                        CameraPublicKey.fromBytes(page, at + KEY));
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
            freeHead = (int) INT.get(page(slot), offset(slot));
            return slot;
        }
        if (allocatedSlots == pages.length * PAGE_SLOTS) {
            pages = Arrays.copyOf(pages, pages.length + 1);
            pages[pages.length - 1] = new byte[PAGE_SLOTS * SLOT_BYTES];
        }
        return allocatedSlots++;
    }

    private byte[] page(int slot) {
        return pages[slot >>> PAGE_SHIFT];
    }

    private static int offset(int slot) {
        return (slot & (PAGE_SLOTS - 1)) * SLOT_BYTES;
    }

    private boolean idEquals(int slot, byte[] id) {
        int at = offset(slot) + ID;
        return Arrays.equals(page(slot), at, at + CameraId.BYTES, id, 0, CameraId.BYTES);
    }

    /** IDs are hashes, but chosen ones could be ground to collide: a seeded mix keeps probe runs short. */
    private int home(byte[] id, int offset) {
        long h = (long) LONG.get(id, offset) ^ hashSeed;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33));
    }

    private int homeOfSlot(int slot) {
        return home(page(slot), offset(slot) + ID);
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
        int mask = index.length - 1;
        int i = home(id, 0) & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    private void growIndex() {
        int[] old = index;
        index = new int[old.length * 2];
        int mask = index.length - 1;
        for (int entry : old) {
            if (entry != 0) {
                int i = homeOfSlot(entry - 1) & mask;
                while (index[i] != 0) {
                    i = (i + 1) & mask;
                }
                index[i] = entry;
            }
        }
    }

    /** Linear-probing deletion by backward shift (no tombstones, so probe runs never rot). */
    private void removeIndex(byte[] id, int slot) {
        if (known != null) {
            known.removed(id, 0);
        }
        int mask = index.length - 1;
        int i = home(id, 0) & mask;
        while (index[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (index[j] == 0) {
                index[i] = 0;
                return;
            }
            int k = homeOfSlot(index[j] - 1) & mask;
            boolean staysPut = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!staysPut) {
                index[i] = index[j];
                i = j;
            }
        }
    }

    private static void writeAddress(byte[] target, int at, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        target[at] = (byte) (ip.length == 4 ? 4 : 6);
        System.arraycopy(ip, 0, target, at + 1, ip.length);
        Arrays.fill(target, at + 1 + ip.length, at + 17, (byte) 0);
        target[at + 17] = (byte) (address.getPort() >>> 8);
        target[at + 18] = (byte) address.getPort();
    }

    private static InetSocketAddress readAddress(byte[] source, int at) {
        int length = source[at] == 4 ? 4 : 16;
        try {
            InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(source, at + 1, at + 1 + length));
            return new InetSocketAddress(ip, (source[at + 17] & 0xff) << 8 | source[at + 18] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 and 16 bytes are always an address", e);
        }
    }
}
