package io.p2pcam.protocol.media;

import io.p2pcam.protocol.media.DepacketizerEvent.DropReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts RTP packets back in sequence-number order (RFC 3550 §5.1, 16-bit, wrapping) and decides
 * when a missing one is lost.
 *
 * <p>A packet with the expected sequence number is delivered at once, so in-order traffic is never
 * delayed. A packet ahead of it is held; once more than {@code window} packets are held, the
 * missing ones are given up and the next packet is delivered flagged {@code afterGap}. Packets
 * behind the delivery point are dropped as duplicates or late. As in RFC 3550 Appendix A.1, a
 * jump of more than {@value #MAX_DROPOUT} ahead or {@value #MAX_MISORDER} behind is believed only
 * when the next packet continues from it, which restarts the sequence.
 *
 * <p>Holds at most {@code window} packets. Not thread-safe.
 */
final class ReorderBuffer {

    /** Where packets go. */
    interface Sink {
        /** The next packet in order; {@code afterGap} if packets before it were lost. */
        void deliver(RtpPacket packet, boolean afterGap);

        void drop(RtpPacket packet, DropReason reason);
    }

    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    private static final int NO_PROBATION = -1;

    private final int window;
    private final Sink sink;
    private final List<RtpPacket> held = new ArrayList<>();
    private boolean started;
    private int expected;
    private boolean gapBeforeNext;
    private int probation = NO_PROBATION;

    ReorderBuffer(int window, Sink sink) {
        this.window = window;
        this.sink = sink;
    }

    /**
     * Declares the sequence number the stream starts at, before any packet is offered, so that loss
     * or reordering of the very first packets is recognised too.
     */
    void expectFirst(int sequenceNumber) {
        started = true;
        expected = sequenceNumber;
    }

    /**
     * Takes one packet in arrival order. Unless {@link #expectFirst} was called, the first packet
     * offered starts the sequence.
     */
    void offer(RtpPacket packet) {
        if (!started) {
            started = true;
            deliver(packet);
            return;
        }
        int distance = (short) (packet.sequenceNumber() - expected);
        if (distance == 0) {
            deliver(packet);
            drainConsecutive();
        } else if (distance > MAX_DROPOUT || distance < -MAX_MISORDER) {
            onJump(packet);
        } else if (distance < 0) {
            sink.drop(packet, DropReason.STALE);
        } else {
            hold(packet);
        }
    }

    /** Gives up on everything missing and delivers all held packets in order. */
    void flush() {
        while (!held.isEmpty()) {
            skipToEarliestHeld();
        }
    }

    /** Forgets the sequence (after a {@link #flush()}): the next packet starts a new one. */
    void reset() {
        held.clear();
        started = false;
        gapBeforeNext = false;
        probation = NO_PROBATION;
    }

    /** Flushes, then starts a new sequence at {@code packet}, delivered after a gap. */
    private void restart(RtpPacket packet) {
        flush();
        probation = NO_PROBATION;
        started = true;
        gapBeforeNext = true;
        deliver(packet);
    }

    private void onJump(RtpPacket packet) {
        if (packet.sequenceNumber() == probation) {
            restart(packet);
        } else {
            probation = (packet.sequenceNumber() + 1) & 0xFFFF;
            sink.drop(packet, DropReason.SEQUENCE_JUMP);
        }
    }

    private void hold(RtpPacket packet) {
        for (RtpPacket waiting : held) {
            if (waiting.sequenceNumber() == packet.sequenceNumber()) {
                sink.drop(packet, DropReason.DUPLICATE);
                return;
            }
        }
        held.add(packet);
        if (held.size() > window) {
            skipToEarliestHeld();
        }
    }

    private void skipToEarliestHeld() {
        RtpPacket earliest = held.getFirst();
        for (RtpPacket waiting : held) {
            if (distanceAhead(waiting) < distanceAhead(earliest)) {
                earliest = waiting;
            }
        }
        expected = earliest.sequenceNumber();
        gapBeforeNext = true;
        drainConsecutive();
    }

    private void drainConsecutive() {
        boolean found = true;
        while (found) {
            found = false;
            for (int i = 0; i < held.size(); i++) {
                if (held.get(i).sequenceNumber() == expected) {
                    deliver(held.remove(i));
                    found = true;
                    break;
                }
            }
        }
    }

    private int distanceAhead(RtpPacket packet) {
        return (packet.sequenceNumber() - expected) & 0xFFFF;
    }

    private void deliver(RtpPacket packet) {
        boolean afterGap = gapBeforeNext;
        gapBeforeNext = false;
        expected = (packet.sequenceNumber() + 1) & 0xFFFF;
        sink.deliver(packet, afterGap);
    }
}
