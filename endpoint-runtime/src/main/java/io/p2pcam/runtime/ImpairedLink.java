package io.p2pcam.runtime;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One direction of an impaired path, without I/O: {@link #submit} a datagram and it is dropped,
 * delayed, held back (reordered) or duplicated per the {@link Impairment}; {@link #poll} gives
 * back the datagrams whose time has come, in delivery order. Time and randomness are the
 * caller's (a seeded generator makes a run repeatable). Not thread-safe.
 */
public final class ImpairedLink {
    /** A datagram on its way, due at {@code dueAt}. */
    public record InFlight(long dueAt, long order, InetSocketAddress peer, byte[] data) {}

    private final Impairment impairment;
    private final SplittableRandom random;
    private final long startedAt;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(
            (a, b) -> a.dueAt != b.dueAt ? Long.compare(a.dueAt, b.dueAt) : Long.compare(a.order, b.order));
    private long order;
    private long submitted;
    private long dropped;
    private long duplicated;
    private long reordered;

    public ImpairedLink(Impairment impairment, long seed, long now) {
        this.impairment = impairment;
        this.random = new SplittableRandom(seed);
        this.startedAt = now;
    }

    /** Takes one datagram (the array is kept as is: hand over a copy you will not reuse). */
    public void submit(InetSocketAddress peer, byte[] data, long now) {
        submitted++;
        if (random.nextDouble() < impairment.lossAt(now - startedAt)) {
            dropped++;
            return;
        }
        schedule(peer, data, now);
        if (impairment.duplicate() > 0 && random.nextDouble() < impairment.duplicate()) {
            duplicated++;
            schedule(peer, data, now);
        }
    }

    /** The datagrams due at {@code now}, in order. */
    public List<InFlight> poll(long now) {
        List<InFlight> due = new ArrayList<>();
        while (!inFlight.isEmpty() && inFlight.peek().dueAt <= now) {
            due.add(inFlight.poll());
        }
        return due;
    }

    /** When the next datagram is due; Long.MAX_VALUE when none is in flight. */
    public long nextDue() {
        InFlight next = inFlight.peek();
        return next == null ? Long.MAX_VALUE : next.dueAt;
    }

    public long submitted() {
        return submitted;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }

    public long reordered() {
        return reordered;
    }

    private void schedule(InetSocketAddress peer, byte[] data, long now) {
        long delay = impairment.delayMillis();
        if (impairment.jitterMillis() > 0) {
            delay = Math.max(0, delay + random.nextLong(-impairment.jitterMillis(), impairment.jitterMillis() + 1));
        }
        if (impairment.reorder() > 0 && random.nextDouble() < impairment.reorder()) {
            reordered++;
            delay += impairment.reorderDelayMillis();
        }
        inFlight.add(new InFlight(now + delay, order++, peer, data));
    }
}
