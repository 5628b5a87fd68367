package io.p2pcam.loadgen;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A hashed timer wheel of camera indices: the cameras' next keepalive or registration timeout.
 * {@value #SLOT_MILLIS} ms slots; a time beyond the wheel's horizon goes into the farthest slot
 * and the owner re-schedules it when it comes up early (it keeps the true time itself). Cheap for
 * a million timers: an int per entry, no object.
 *
 * <p>Not thread-safe: owned by the pacer thread.
 */
final class TimerWheel {
    static final int SLOT_MILLIS = 5;
    private final int[][] slots;
    private final int[] sizes;
    private int[] drained = new int[1024];
    private long cursor;
    private long expiring = -1;
    private long entries;

    /** A wheel covering {@code horizonMillis} ahead, starting at time 0. */
    TimerWheel(long horizonMillis) {
        int count = (int) Math.max(2, horizonMillis / SLOT_MILLIS + 1);
        slots = new int[count][];
        sizes = new int[count];
    }

    /**
     * Runs {@code camera}'s timer at {@code dueMillis}, or at the next slot if that time has passed;
     * returns the slot, which {@link #expiringSlot()} gives while it expires.
     */
    long schedule(int camera, long dueMillis) {
        long slot = Math.min(Math.max(dueMillis / SLOT_MILLIS, cursor), cursor + slots.length - 1);
        int at = (int) (slot % slots.length);
        int[] entriesOfSlot = slots[at];
        if (entriesOfSlot == null) {
            entriesOfSlot = slots[at] = new int[16];
        } else if (sizes[at] == entriesOfSlot.length) {
            entriesOfSlot = slots[at] = Arrays.copyOf(entriesOfSlot, entriesOfSlot.length * 2);
        }
        entriesOfSlot[sizes[at]++] = camera;
        entries++;
        return slot;
    }

    /** The slot whose entries {@link #expire} is handing out, so that an owner can tell a stale entry. */
    long expiringSlot() {
        return expiring;
    }

    /**
     * Hands every camera whose slot has come by {@code nowMillis} to {@code expired}, in slot
     * order; {@code expired} may schedule again.
     */
    void expire(long nowMillis, IntConsumer expired) {
        long last = nowMillis / SLOT_MILLIS;
        while (cursor <= last) {
            int at = (int) (cursor % slots.length);
            int count = sizes[at];
            if (count > 0) {
                if (drained.length < count) {
                    drained = new int[Integer.highestOneBit(count) * 2];
                }
                System.arraycopy(slots[at], 0, drained, 0, count);
                sizes[at] = 0;
                entries -= count;
            }
            expiring = cursor;
            cursor++; // before the callbacks, so that re-scheduling lands at the next slot or later
            for (int i = 0; i < count; i++) {
                expired.accept(drained[i]);
            }
        }
    }

    long size() {
        return entries;
    }
}
