package io.p2pcam.viewer.engine.frame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latest-frame-wins hand-off from one producer (the decode thread) to one consumer (the UI
 * pulse, a stats reader): triple buffering of three {@link VideoFrame}s, one being written, one
 * ready, one being read. A slow consumer never builds a backlog: each publish replaces a ready
 * frame nobody took, and that frame counts as dropped. Nothing is allocated per frame.
 *
 * <p>Lock-free: the ready slot is one {@link AtomicInteger} holding a frame index and a "fresh"
 * bit; publishing and taking each swap their own frame with it in one {@code getAndSet}. Only
 * the producer sets the fresh bit and only the consumer clears it.
 *
 * <p>Thread-safety: exactly one producer thread may call {@link #writable()} and {@link
 * #publish()}, exactly one consumer thread {@link #takeLatest()}; the counters may be read from
 * any thread. A frame returned by {@link #writable()} belongs to the producer until it calls
 * {@link #publish()}; a frame returned by {@link #takeLatest()} belongs to the consumer until its
 * next {@code takeLatest()} that returns a frame.
 */
public final class LatestFrameMailbox {

    private static final int FRESH = 0b100;
    private static final int INDEX = 0b011;

    private final VideoFrame[] frames = {new VideoFrame(), new VideoFrame(), new VideoFrame()};
    private final AtomicInteger ready = new AtomicInteger(1);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private int writing = 0; // producer's own
    private int reading = 2; // consumer's own

    /** The frame the producer fills next. Producer thread only. */
    public VideoFrame writable() {
        return frames[writing];
    }

    /**
     * Makes the frame from {@link #writable()} the newest one; a ready frame the consumer had not
     * taken is dropped. The producer gets another frame to write. Producer thread only.
     */
    public void publish() {
        int previous = ready.getAndSet(writing | FRESH);
        if ((previous & FRESH) != 0) {
            dropped.incrementAndGet();
        }
        writing = previous & INDEX;
        published.incrementAndGet();
    }

    /**
     * The newest published frame, or {@code null} if none was published since the last call.
     * Taking a frame hands the previously taken one back to the producer. Consumer thread only.
     */
    public VideoFrame takeLatest() {
        if ((ready.get() & FRESH) == 0) {
            return null;
        }
        // Only this thread clears FRESH, so the slot is still fresh (maybe even fresher) here.
        reading = ready.getAndSet(reading) & INDEX;
        return frames[reading];
    }

    /** Frames published so far. Any thread. */
    public long publishedCount() {
        return published.get();
    }

    /** Frames replaced by a newer one before the consumer took them. Any thread. */
    public long droppedCount() {
        return dropped.get();
    }
}
