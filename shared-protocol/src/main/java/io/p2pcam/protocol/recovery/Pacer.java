package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.media.OutgoingRtp;
import java.util.ArrayDeque;

/**
 * Spreads a sender's packets out in time (a token bucket), sans I/O: a keyframe of a hundred
 * packets leaves over some milliseconds instead of in one burst that overflows a router queue or
 * socket buffer and gets dropped together. As libwebrtc's pacer, the rate is a multiple ({@link
 * #PACING_FACTOR}) of the media bitrate, so pacing smooths bursts without building a lasting
 * queue; retransmissions go first, since a receiver is waiting for them.
 *
 * <p>A bitrate of 0 means unpaced. The bucket holds {@link #BURST_MILLIS} worth of bytes; a
 * packet may overdraw it, and the next waits until the debt is paid. Not thread-safe.
 */
public final class Pacer {
    public static final double PACING_FACTOR = 2.5;
    public static final long BURST_MILLIS = 5;

    /** A packet let out: new media, or a retransmission a NACK asked for. */
    public record Packet(OutgoingRtp rtp, boolean retransmission) {
        /** The packet as sent. */
        public byte[] data() {
            return rtp.bytes();
        }
    }

    private final ArrayDeque<OutgoingRtp> urgent = new ArrayDeque<>();
    private final ArrayDeque<OutgoingRtp> queue = new ArrayDeque<>();
    private double bytesPerMilli;
    private double budget;
    private long lastRefill;
    private long queuedBytes;

    public Pacer(long now) {
        this.lastRefill = now;
    }

    /** Sets the media bitrate the pacing follows (paced at {@link #PACING_FACTOR} times it). */
    public void setMediaBitrate(long bitsPerSecond) {
        bytesPerMilli = bitsPerSecond <= 0 ? 0 : bitsPerSecond * PACING_FACTOR / 8 / 1000;
        budget = Math.min(budget, bytesPerMilli * BURST_MILLIS);
    }

    public void enqueue(OutgoingRtp packet) {
        queue.add(packet);
        queuedBytes += packet.length();
    }

    /** A retransmission: sent before any queued media. */
    public void enqueueUrgent(OutgoingRtp packet) {
        urgent.add(packet);
        queuedBytes += packet.length();
    }

    /** The next packet allowed out now, or null (then wait until {@link #nextTimeout}). */
    public Packet poll(long now) {
        ArrayDeque<OutgoingRtp> from = urgent.isEmpty() ? queue : urgent;
        OutgoingRtp next = from.peek();
        if (next == null) {
            return null;
        }
        if (bytesPerMilli > 0) {
            refill(now);
            if (budget <= 0) {
                return null; // the last packet overdrew the bucket: wait until it has paid off
            }
            budget -= next.length();
        }
        lastRefill = Math.max(lastRefill, now);
        from.poll();
        queuedBytes -= next.length();
        return new Packet(next, from == urgent);
    }

    /**
     * When the next queued packet may go (a time already past means at once); Long.MAX_VALUE when
     * nothing waits.
     */
    public long nextTimeout() {
        if (urgent.isEmpty() && queue.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (bytesPerMilli <= 0 || budget > 0) {
            return lastRefill;
        }
        return lastRefill + 1 + (long) (-budget / bytesPerMilli);
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    private void refill(long now) {
        if (bytesPerMilli <= 0) {
            lastRefill = now;
        } else if (now > lastRefill) {
            budget = Math.min(bytesPerMilli * BURST_MILLIS, budget + (now - lastRefill) * bytesPerMilli);
            lastRefill = now;
        }
    }
}
