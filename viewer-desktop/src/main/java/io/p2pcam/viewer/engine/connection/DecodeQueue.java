package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.media.DepacketizerEvent;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * What the network thread hands the decode thread, bounded in count and in bytes: a camera decides
 * how large its access units are (up to the depacketizer's 4 MiB each), so a count alone let one
 * make a viewer hold 60 × 4 MiB per tile while its decoder fell behind. When a unit does not fit,
 * what waits is dropped and replaced by one loss, from which the decoder resumes at the next
 * keyframe: the picture skips ahead, as it would after a burst of loss.
 *
 * <p>Thread-safe: one thread offers, another polls.
 */
final class DecodeQueue {
    /** About 2 s at 30 fps: a decoder further behind shows nothing worth waiting for. */
    static final int MAX_EVENTS = 60;
    /** Several 4K keyframes (1–2 MB each) and the pictures between them. */
    static final long MAX_BYTES = 32L << 20;

    private final ArrayDeque<DepacketizerEvent> events = new ArrayDeque<>();
    private long bytes;

    /** Queues {@code event}; false when it did not fit and what waited was dropped for one loss. */
    synchronized boolean offer(DepacketizerEvent event) {
        long size = sizeOf(event);
        boolean fits = events.size() < MAX_EVENTS && bytes + size <= MAX_BYTES;
        if (!fits) {
            events.clear();
            bytes = 0;
            events.add(new DepacketizerEvent.IncompleteAccessUnit(0, DepacketizerEvent.LossReason.DECODER_BEHIND));
        } else {
            events.add(event);
            bytes += size;
        }
        notifyAll();
        return fits;
    }

    /** The next event, waiting up to {@code timeout} for one; null when none came. */
    synchronized DepacketizerEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        long left;
        while (events.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        DepacketizerEvent event = events.poll();
        if (event != null) {
            bytes -= sizeOf(event);
        }
        return event;
    }

    /** The bytes of access units waiting. */
    synchronized long bytes() {
        return bytes;
    }

    private static long sizeOf(DepacketizerEvent event) {
        return event instanceof DepacketizerEvent.AccessUnit unit ? unit.annexB().length : 0;
    }
}
