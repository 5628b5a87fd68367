package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.cloud.core.DropReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The counters one event loop's core bumps for every datagram (in, out, LOOKUP and KEEPALIVE
 * outcomes, drops), written by that loop's thread alone and read exactly by any thread. With one
 * writer a count needs no atomic read-modify-write: the owner adds to its own last value and
 * publishes the sum with a release store (on x86 a plain store), where a shared atomic counter costs
 * a locked instruction per datagram (issue 13 §5 (a): five of them per LOOKUP answered). A reader
 * sees each cell only grow, so sums over the loops are monotonic, and exact once the loops are idle.
 *
 * <p>{@link #add} on the owning loop only; {@link #get} on any thread.
 */
final class LoopCounters {
    static final int PACKETS_IN = 0;
    static final int BYTES_IN = 1;
    static final int PACKETS_OUT = 2;
    static final int BYTES_OUT = 3;
    static final int KEEPALIVES_KNOWN = 4;
    static final int KEEPALIVES_UNKNOWN = 5;
    /** The first of the LOOKUP outcomes' cells, by {@link LookupOutcome#ordinal()}. */
    static final int LOOKUPS = 6;
    /** The first of the drop reasons' cells, by {@link DropReason#ordinal()}. */
    static final int DROPS = LOOKUPS + LookupOutcome.values().length;

    static final int CELLS = DROPS + DropReason.values().length;

    /** A cache line of longs before and after the cells: another loop's counters never share one with them. */
    private static final int PAD = 8;

    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells = new long[PAD + CELLS + PAD];

    /** Adds {@code delta} to {@code cell}: the owning loop's thread only. */
    void add(int cell, long delta) {
        int at = PAD + Objects.checkIndex(cell, CELLS);
        CELL.setRelease(cells, at, cells[at] + delta);
    }

    /** The count in {@code cell} (any thread). */
    long get(int cell) {
        return (long) CELL.getAcquire(cells, PAD + Objects.checkIndex(cell, CELLS));
    }
}
