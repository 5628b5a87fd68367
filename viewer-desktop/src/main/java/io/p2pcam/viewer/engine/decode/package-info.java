/**
 * The viewer engine's video decoding core, JavaFX-free.
 *
 * <pre>
 * DepacketizerEvent ──▶ FramePipeline ──▶ H264Decoder ──▶ BgraConverter ──▶ LatestFrameMailbox
 *   (AccessUnit,          withholds until     avcodec, low delay,  swscale to BGRA,     latest frame
 *    Incomplete…)         a keyframe after    slice threads, one   into a reused        wins; the UI
 *                         loss; asks for one  picture per AU       VideoFrame buffer    takes it
 * </pre>
 *
 * <p>Everything left of the mailbox runs on one decode thread. FFmpeg is fed complete access
 * units directly ({@code avcodec_send_packet}), never through {@code FFmpegFrameGrabber}: no
 * probing, no parser, no frame-threading delay (scrcpy's decoder is the model).
 */
package io.p2pcam.viewer.engine.decode;
