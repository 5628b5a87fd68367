/**
 * Keeping what the viewer shows: MP4 recordings of the live stream and PNG snapshots of the
 * picture, JavaFX-free.
 *
 * <pre>
 * DepacketizerEvent ──▶ Mp4Recorder ──▶ Mp4Muxer ──▶ &lt;camera&gt;-&lt;time&gt;.mp4.part
 *  (network thread)      waits for a      avformat, H.264         │
 *                        keyframe, times  copied (no re-encoding) │ stop(): moov, faststart,
 *                        from 0                                   ▼ rename
 *                                                     &lt;camera&gt;-&lt;time&gt;.mp4
 *
 * VideoFrame ──copy()──▶ BufferedImage ──write()──▶ &lt;camera&gt;-&lt;time&gt;.png
 *  (UI thread)                            (worker thread, javax.imageio)
 * </pre>
 *
 * <p>{@link io.p2pcam.viewer.engine.record.CaptureFileNames} names both files, in the folders
 * {@link io.p2pcam.viewer.engine.record.CaptureDirectories} finds. Failures the user should see
 * are {@link io.p2pcam.viewer.engine.record.RecordingException}s with plain messages.
 */
package io.p2pcam.viewer.engine.record;
