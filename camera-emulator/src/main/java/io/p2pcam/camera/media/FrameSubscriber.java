package io.p2pcam.camera.media;

/**
 * Receives every encoded picture of an {@link EncoderLoop}, on the loop's thread. It must return
 * quickly and never block (hand the frame to another thread's queue): the loop serves every viewer
 * from this one thread.
 */
@FunctionalInterface
public interface FrameSubscriber {
    /** A new picture; the first one a subscriber gets is always a keyframe. */
    void onFrame(EncodedFrame frame);
}
