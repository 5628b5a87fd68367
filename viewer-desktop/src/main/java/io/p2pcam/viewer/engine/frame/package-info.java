/**
 * Decoded pictures in the display layout ({@link io.p2pcam.viewer.engine.frame.VideoFrame}, BGRA)
 * and their latest-frame-wins hand-off from the decode thread to whoever shows or inspects them
 * ({@link io.p2pcam.viewer.engine.frame.LatestFrameMailbox}). No JavaFX and no FFmpeg here.
 */
package io.p2pcam.viewer.engine.frame;
