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
 * <p><b>Join allowance</b> (docs/decisions/0027): a pacer made for a newly admitted viewer ({@link
 * #forNewViewer}) lets its first {@link #JOIN_ALLOWANCE_BYTES} out at {@link #JOIN_PACING_FACTOR}
 * times the media bitrate instead, for at most {@link #JOIN_WINDOW_MILLIS} after its first packet:
 * the viewer's first keyframe, which it waits for with nothing on screen, arrives four times
 * sooner (a 50 KB 720p IDR of a 2.8 Mbit/s stream in 14 ms instead of 57). It is still paced, so
 * it never leaves as one burst larger than the bucket (5 ms at that rate, 17.5 KB at 2.8 Mbit/s:
 * about the initial window RFC 9002 §7.7 limits bursts to), and it is spent once per viewer, like
 * libwebrtc's start-up probes at 3 and 6 times the start bitrate.
 *
 * <p>A bitrate of 0 means unpaced. The bucket holds {@link #BURST_MILLIS} worth of bytes; a
 * packet may overdraw it, and the next waits until the debt is paid. Not thread-safe.
 */
public final class Pacer {
    public static final double PACING_FACTOR = 2.5;
    public static final long BURST_MILLIS = 5;
    /** The join allowance's pacing rate, as a multiple of the media bitrate (4 × the steady rate). */
    public static final double JOIN_PACING_FACTOR = 10;
    /** How many bytes a new viewer's pacer lets out at the join rate: one large 720p keyframe. */
    public static final long JOIN_ALLOWANCE_BYTES = 64 * 1024;
    /** The join allowance ends this long after the pacer's first packet, whatever is left of it. */
    public static final long JOIN_WINDOW_MILLIS = 500;

    /** A packet let out: new media, or a retransmission a NACK asked for. */
    public record Packet(OutgoingRtp rtp, boolean retransmission) {
        /** The packet as sent. */
        public byte[] data() {
            return rtp.bytes();
        }
    }

    private final ArrayDeque<OutgoingRtp> urgent = new ArrayDeque<>();
    private final ArrayDeque<OutgoingRtp> queue = new ArrayDeque<>();
    private long bitsPerSecond;
    private double budget;
    private long lastRefill;
    private long queuedBytes;
    /** Bytes still to be let out at the join rate; 0 once the allowance is spent or over. */
    private long joinBytesLeft;
    /** When the join allowance ends; Long.MAX_VALUE until the first packet went out. */
    private long joinEndsAt = Long.MAX_VALUE;

    /** A pacer at the steady rate from its first packet. */
    public Pacer(long now) {
        this(now, 0);
    }

    private Pacer(long now, long joinAllowanceBytes) {
        this.lastRefill = now;
        this.joinBytesLeft = joinAllowanceBytes;
    }

    /** A pacer for a newly admitted viewer: its first bytes go at the join rate (the join allowance). */
    public static Pacer forNewViewer(long now) {
        return new Pacer(now, JOIN_ALLOWANCE_BYTES);
    }

    /** Sets the media bitrate the pacing follows (paced at {@link #PACING_FACTOR} times it). */
    public void setMediaBitrate(long bitsPerSecond) {
        this.bitsPerSecond = Math.max(0, bitsPerSecond);
        budget = Math.min(budget, bucketBytes());
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
        if (bitsPerSecond > 0) {
            refill(now);
            if (budget <= 0) {
                return null; // the last packet overdrew the bucket: wait until it has paid off
            }
            budget -= next.length();
        }
        if (joinBytesLeft > 0) {
            if (joinEndsAt == Long.MAX_VALUE) {
                joinEndsAt = now + JOIN_WINDOW_MILLIS; // the allowance's window opens with the first packet
            }
            joinBytesLeft = Math.max(0, joinBytesLeft - next.length());
            if (joinBytesLeft == 0) {
                endJoin();
            }
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
        if (bitsPerSecond <= 0 || budget > 0) {
            return lastRefill;
        }
        // At the rate in force now; should the join window close meanwhile, poll finds the bucket
        // short and the pacer asks again.
        return lastRefill + 1 + (long) (-budget / bytesPerMilli());
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** Whether bytes still go at the join rate (a new viewer's first keyframe). */
    public boolean joining() {
        return joinBytesLeft > 0;
    }

    private double bytesPerMilli() {
        double factor = joinBytesLeft > 0 ? JOIN_PACING_FACTOR : PACING_FACTOR;
        return bitsPerSecond * factor / 8 / 1000;
    }

    private double bucketBytes() {
        return bytesPerMilli() * BURST_MILLIS;
    }

    private void endJoin() {
        joinBytesLeft = 0;
        budget = Math.min(budget, bucketBytes()); // back to the steady bucket: no credit carried over
    }

    private void refill(long now) {
        if (joinBytesLeft > 0 && now >= joinEndsAt) {
            // The time since the window closed earns at the steady rate: close it before refilling.
            double joinRate = bytesPerMilli();
            long until = Math.max(lastRefill, joinEndsAt);
            budget = Math.min(joinRate * BURST_MILLIS, budget + (until - lastRefill) * joinRate);
            lastRefill = until;
            endJoin();
        }
        if (now > lastRefill) {
            budget = Math.min(bucketBytes(), budget + (now - lastRefill) * bytesPerMilli());
            lastRefill = now;
        }
    }
}
