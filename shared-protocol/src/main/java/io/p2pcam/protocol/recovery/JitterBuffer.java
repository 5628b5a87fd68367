package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one stream's RTP packets back in order and decides, by time, when a missing packet is
 * lost, sans I/O. A packet that arrives in order leaves at once (no playout delay: the viewer
 * shows the latest picture and the display paces it); packets behind a hole wait while the hole
 * may still be filled by reordering or by a retransmission that a NACK asked for, but never
 * longer than the {@linkplain #waitMillis() wait} the owner sets from the measured jitter and
 * round-trip time ({@link RecoveryTiming}).
 *
 * <p>Every hole is a list of missing sequence numbers with their NACK schedule: a number is asked
 * for as soon as it is seen missing, then again each retry interval, at most {@link
 * #MAX_NACKS_PER_PACKET} times, while its wait lasts (RFC 4585 §3.5 leaves timing to the
 * receiver).
 *
 * <p>Memory is bounded: at most {@link #MAX_HELD} packets and as many missing numbers; a hole
 * larger than that is given up at once. Not thread-safe.
 */
public final class JitterBuffer {
    public static final int MAX_HELD = 1024;
    public static final int MAX_NACKS_PER_PACKET = 10;

    /**
     * A packet leaving in order; {@code afterGap} when packets before it were given up; {@code
     * repaired} when a retransmission filled its hole (the original was lost).
     */
    public record Released(
            RtpPacket packet, long extendedSequence, boolean afterGap, boolean repaired, long arrivedAt) {}

    private record Held(RtpPacket packet, long arrivedAt, boolean repaired) {}

    /** A hole's wait is fixed when it opens: a new round-trip estimate must not cut short a NACK already out. */
    private static final class Missing {
        final long deadline;
        long nextNackAt;
        int nacks;

        Missing(long since, long wait) {
            this.deadline = since + wait;
            this.nextNackAt = since;
        }
    }

    private final TreeMap<Long, Held> held = new TreeMap<>();
    private final TreeMap<Long, Missing> missing = new TreeMap<>();
    private final ArrayDeque<Released> released = new ArrayDeque<>();
    private boolean started;
    private long nextExpected;
    private long highest;
    private boolean gapBeforeNext;
    private long waitMillis = 100;
    private long retryMillis = 50;
    private long duplicates;
    private long givenUp;
    private long recovered;
    private long nacksSent;
    /** Added to incoming sequence numbers so that a new stream's numbering continues the old one's. */
    private int sequenceShift;

    private boolean newStreamPending;

    /** Sets how long a hole may hold packets back, and the gap between two NACKs for a number. */
    public void setTiming(long waitMillis, long retryMillis) {
        this.waitMillis = waitMillis;
        this.retryMillis = Math.max(1, retryMillis);
    }

    public long waitMillis() {
        return waitMillis;
    }

    /**
     * Takes a packet in arrival order.
     *
     * @return the packet's extended sequence number, or -1 if it was a duplicate or too late
     */
    public long offer(RtpPacket packet, long now) {
        return offer(packet, false, now);
    }

    /**
     * As {@link #offer(RtpPacket, long)}; {@code retransmission} when the sender marked the packet
     * as sent again on a NACK, so that a hole it fills counts as repaired loss, while a hole filled
     * by the original (reordered) packet does not.
     */
    public long offer(RtpPacket packet, boolean retransmission, long now) {
        if (!started) {
            started = true;
            nextExpected = packet.sequenceNumber();
            highest = nextExpected - 1;
        } else if (newStreamPending) {
            newStreamPending = false;
            sequenceShift = (int) (highest + 1 - packet.sequenceNumber()) & 0xFFFF;
            nextExpected = highest + 1;
            gapBeforeNext = true; // whatever was in progress of the old stream is not continued
        }
        long extended = extend(packet.sequenceNumber() + sequenceShift & 0xFFFF);
        if (extended < nextExpected || held.containsKey(extended)) {
            duplicates++;
            return -1;
        }
        if (extended - nextExpected >= MAX_HELD) {
            giveUpBefore(extended); // a hole larger than the buffer: nothing to wait for
        }
        Missing hole = missing.remove(extended);
        if (hole != null) {
            recovered++;
        }
        boolean repaired = hole != null && retransmission;
        for (long seq = highest + 1; seq < extended; seq++) {
            missing.put(seq, new Missing(now, waitMillis));
        }
        highest = Math.max(highest, extended);
        held.put(extended, new Held(packet, now, repaired));
        releaseInOrder();
        return extended;
    }

    /**
     * The sender switched to another stream (another SSRC, docs/PROTOCOL.md §10.9): the old
     * stream's held packets and holes are dropped, and the next packet offered starts the new one,
     * numbered on from the highest seen so that extended numbers (and the reception statistics
     * built on them) keep rising.
     */
    public void newStream() {
        held.clear();
        missing.clear();
        newStreamPending = started;
    }

    /** Gives up the holes whose wait is over; call at {@link #nextTimeout()}. */
    public void handleTimeout(long now) {
        while (!held.isEmpty() && !held.containsKey(nextExpected)) {
            Missing head = missing.get(nextExpected);
            if (head != null && now < head.deadline) {
                return;
            }
            giveUpBefore(held.firstKey());
        }
    }

    /**
     * The missing sequence numbers (16-bit) to ask for now, each at most once per retry
     * interval and only while it is still worth waiting for.
     */
    public List<Integer> dueNacks(long now) {
        List<Integer> due = new ArrayList<>();
        for (Map.Entry<Long, Missing> entry : missing.entrySet()) {
            Missing hole = entry.getValue();
            if (hole.nextNackAt <= now && hole.nacks < MAX_NACKS_PER_PACKET && now < hole.deadline) {
                hole.nacks++;
                hole.nextNackAt = now + retryMillis;
                due.add((int) (entry.getKey() - sequenceShift & 0xFFFF));
            }
        }
        nacksSent += due.size();
        return due;
    }

    /** When a hole's wait ends or a NACK is due; Long.MAX_VALUE if neither. */
    public long nextTimeout() {
        long next = Long.MAX_VALUE;
        Missing head = held.isEmpty() ? null : missing.get(nextExpected);
        if (head != null) {
            next = head.deadline;
        }
        for (Missing hole : missing.values()) {
            if (hole.nacks < MAX_NACKS_PER_PACKET && hole.nextNackAt < hole.deadline) {
                next = Math.min(next, Math.max(hole.nextNackAt, 0));
            }
        }
        return next;
    }

    public Released poll() {
        return released.poll();
    }

    /** The highest extended sequence number seen, -1 before the first packet. */
    public long highest() {
        return started ? highest : -1;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Sequence numbers given up as lost. */
    public long givenUp() {
        return givenUp;
    }

    /** Missing sequence numbers that arrived after all (reordered or retransmitted). */
    public long recovered() {
        return recovered;
    }

    public long nacksSent() {
        return nacksSent;
    }

    public int held() {
        return held.size();
    }

    private void giveUpBefore(long sequence) {
        for (Iterator<Long> it = missing.keySet().iterator(); it.hasNext(); ) {
            long seq = it.next();
            if (seq >= sequence) {
                break;
            }
            it.remove();
        }
        givenUp += sequence - nextExpected;
        nextExpected = sequence;
        highest = Math.max(highest, sequence - 1);
        gapBeforeNext = true;
        releaseInOrder();
    }

    private void releaseInOrder() {
        Held next;
        while ((next = held.remove(nextExpected)) != null) {
            released.add(new Released(next.packet(), nextExpected, gapBeforeNext, next.repaired(), next.arrivedAt()));
            gapBeforeNext = false;
            nextExpected++;
        }
    }

    /** RFC 3550 Appendix A.1: the 16-bit number nearest to the highest seen. */
    private long extend(int sequence) {
        long base = Math.max(highest, nextExpected - 1);
        int delta = (short) (sequence - (int) (base & 0xFFFF));
        return base + delta;
    }
}
