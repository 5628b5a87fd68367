package io.p2pcam.camera.media;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test subscriber that stands for a viewer which falls behind: a bounded mailbox between the
 * encoder thread and the test's reading thread. When the viewer
 * falls behind and the queue is full, the new picture is dropped rather than the encoder waiting;
 * the pictures after it cannot be decoded without it, so the queue then drops everything up to the
 * next keyframe and asks for one ({@code keyframeRequest}). A keyframe that finds the queue still
 * full replaces its stale contents.
 *
 * <p>Thread-safe for one producer ({@link #onFrame}, the encoder thread) and any consumers.
 */
final class FrameQueue implements FrameSubscriber {
    private final BlockingQueue<EncodedFrame> frames;
    private final Runnable keyframeRequest;
    private final AtomicLong dropped = new AtomicLong();
    private boolean awaitingKeyframe; // producer-confined

    /**
     * @param capacity pictures held before dropping; a few frames' worth keeps latency low
     * @param keyframeRequest called (on the encoder thread) after a drop, e.g. {@link EncoderLoop#requestKeyframe}
     */
    FrameQueue(int capacity, Runnable keyframeRequest) {
        this.frames = new ArrayBlockingQueue<>(capacity);
        this.keyframeRequest = keyframeRequest;
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        if (awaitingKeyframe && !frame.keyframe()) {
            dropped.incrementAndGet();
            return;
        }
        if (frame.keyframe() && awaitingKeyframe && frames.remainingCapacity() == 0) {
            dropped.addAndGet(frames.size());
            frames.clear();
        }
        if (frames.offer(frame)) {
            awaitingKeyframe = false;
            return;
        }
        dropped.incrementAndGet();
        awaitingKeyframe = true;
        keyframeRequest.run();
    }

    /** The oldest picture, waiting up to {@code timeout}; null if none came. */
    public EncodedFrame poll(long timeout, TimeUnit unit) throws InterruptedException {
        return frames.poll(timeout, unit);
    }

    /** The oldest picture, or null if there is none now. */
    public EncodedFrame poll() {
        return frames.poll();
    }

    /** Pictures not delivered because this queue's reader was too slow. */
    public long dropped() {
        return dropped.get();
    }

    public int size() {
        return frames.size();
    }
}
