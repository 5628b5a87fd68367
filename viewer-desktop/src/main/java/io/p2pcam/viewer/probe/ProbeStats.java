package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.media.PixelCode;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What `probe` measures from the decoded pictures. The synthetic source stamps each picture with
 * its frame number and capture time ({@link PixelCode}): from those come latency (capture to
 * decoded, both clocks being the same machine's or synchronised ones), dropped frames (gaps in
 * the numbers) and corrupt frames (a stamp that does not read back). Other sources carry no
 * stamp; then latency is unknown and corrupt frames are the decoder's own count.
 *
 * <p>A picture captured before the camera admitted this viewer ({@link #liveFrom}) — a camera's
 * standby keyframe, kept while nobody watched (docs/PROTOCOL.md §10.5) — is shown and counted intact, but it is no
 * part of the live stream: its age is reported apart ({@link #firstFrameAgeMicros}), it is not a
 * latency sample, and the frame numbers between it and the first live picture (pictures the
 * camera never encoded for anyone) are not dropped ones.
 *
 * <p>Written by the decode thread, read by the probe's main thread after the decode thread has
 * published; guarded by this object's lock.
 */
final class ProbeStats {
    private static final int SHOWN_KEPT = 1_800;
    private final int maxSamples;
    private final long[] latencyMicros;
    private int frames;
    private boolean stopped;
    private int stamped;
    private int unreadable;
    private long dropped;
    private long lastFrameNumber = -1;
    private long firstFrameNanos;
    private long lastFrameNanos;
    private long maxGapNanos;
    private int width;
    private int height;
    private long firstFrameNumber = -1;
    private final long burstEndMicros;
    /** Pictures captured before this (epoch µs) are not live: the camera had not admitted us yet. */
    private long liveFromMicros;

    private int beforeStart;
    private int latencySamples;
    private long firstFrameAgeMicros = -1;
    private long firstLiveNanos;
    private long cleanAfterBurstMicros = -1;
    /** Recent stamped pictures' capture time → decode time, for the A/V offset of audio marks. */
    private final TreeMap<Long, Long> shownByCapture = new TreeMap<>();
    /** The same pictures' capture time → when they were shown (after any lip-sync hold). */
    private final TreeMap<Long, Long> presentedByCapture = new TreeMap<>();
    /** How long stamped pictures were held for their sound (shown minus decoded), µs. */
    private final long[] holdMicros;

    private int held;

    ProbeStats(int maxSamples) {
        this(maxSamples, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    /**
     * @param burstEndMicros when a simulated loss burst ends (epoch µs), to time the first intact
     *     picture captured after it; Long.MAX_VALUE without a burst
     * @param startedMicros when the connection attempt began (epoch µs), until {@link #liveFrom}
     *     says when the camera admitted us; Long.MIN_VALUE: every picture is live
     */
    ProbeStats(int maxSamples, long burstEndMicros, long startedMicros) {
        this.maxSamples = maxSamples;
        this.liveFromMicros = startedMicros;
        this.latencyMicros = new long[maxSamples];
        this.holdMicros = new long[maxSamples];
        this.burstEndMicros = burstEndMicros;
    }

    /**
     * Counts no further picture: the figures are then those of the pictures asked for, not of the
     * one or two the decoder delivers while the probe is closing the connection.
     */
    synchronized void stopCounting() {
        stopped = true;
    }

    synchronized void picture(VideoFrame frame, Instant decodedAt, long nanoTime) {
        if (stopped) {
            return;
        }
        if (frames == 0) {
            firstFrameNanos = nanoTime;
        }
        if (frames > 0) {
            maxGapNanos = Math.max(maxGapNanos, nanoTime - lastFrameNanos); // an outage shows as a gap
        }
        lastFrameNanos = nanoTime;
        frames++;
        width = frame.width();
        height = frame.height();
        Optional<PixelCode.Stamp> stamp =
                PixelCode.readBgra(frame.pixels(), 0, frame.stride(), frame.width(), frame.height());
        if (stamp.isEmpty()) {
            unreadable++;
            return;
        }
        long nowMicros = decodedAt.getEpochSecond() * 1_000_000 + decodedAt.getNano() / 1_000;
        long captureMicros = stamp.get().captureMicros();
        if (frames == 1) {
            firstFrameAgeMicros = nowMicros - captureMicros;
        }
        shownByCapture.put(captureMicros, nowMicros);
        if (shownByCapture.size() > SHOWN_KEPT) {
            shownByCapture.pollFirstEntry();
        }
        stamped++;
        if (captureMicros < liveFromMicros) {
            beforeStart++; // a standby keyframe: shown, intact, not live
            return;
        }
        if (firstLiveNanos == 0) {
            firstLiveNanos = nanoTime;
        }
        long number = stamp.get().frameNumber();
        if (lastFrameNumber >= 0 && number > lastFrameNumber + 1) {
            dropped += number - lastFrameNumber - 1;
        }
        lastFrameNumber = Math.max(lastFrameNumber, number);
        if (firstFrameNumber < 0) {
            firstFrameNumber = number;
        }
        if (cleanAfterBurstMicros < 0
                && burstEndMicros != Long.MAX_VALUE
                && stamp.get().captureMicros() >= burstEndMicros) {
            cleanAfterBurstMicros = nowMicros - burstEndMicros;
        }
        if (latencySamples < maxSamples) {
            latencyMicros[latencySamples++] = nowMicros - captureMicros;
        }
    }

    /** A stamped picture was shown (published for display), after any lip-sync hold. */
    synchronized void presented(VideoFrame frame, Instant presentedAt) {
        if (stopped) {
            return;
        }
        long captureMicros = frame.captureMicros();
        if (captureMicros < 0) {
            return;
        }
        long nowMicros = presentedAt.getEpochSecond() * 1_000_000 + presentedAt.getNano() / 1_000;
        presentedByCapture.put(captureMicros, nowMicros);
        if (presentedByCapture.size() > SHOWN_KEPT) {
            presentedByCapture.pollFirstEntry();
        }
        Long decoded = shownByCapture.get(captureMicros);
        if (decoded != null && held < maxSamples) {
            holdMicros[held++] = Math.max(0, nowMicros - decoded);
        }
    }

    /** How long pictures were held for their sound, sorted, µs. */
    synchronized long[] holdsMicros() {
        long[] sorted = Arrays.copyOf(holdMicros, held);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * The capture-to-shown latency (after any lip-sync hold) of the stamped picture captured
     * nearest to {@code captureMicros} (within {@code withinMicros}), or null.
     */
    synchronized Long videoLatencyNear(long captureMicros, long withinMicros) {
        Map.Entry<Long, Long> before = presentedByCapture.floorEntry(captureMicros);
        Map.Entry<Long, Long> after = presentedByCapture.ceilingEntry(captureMicros);
        Map.Entry<Long, Long> best = before;
        if (best == null || after != null && after.getKey() - captureMicros < captureMicros - best.getKey()) {
            best = after;
        }
        if (best == null || Math.abs(best.getKey() - captureMicros) > withinMicros) {
            return null;
        }
        return best.getValue() - best.getKey();
    }

    /**
     * The camera admitted us now (epoch µs, heard before any picture): only a keyframe it kept from
     * before can have been captured earlier; every picture it encodes for us is captured later.
     */
    synchronized void liveFrom(long admittedMicros) {
        liveFromMicros = admittedMicros;
    }

    synchronized int frames() {
        return frames;
    }

    synchronized long firstFrameNanos() {
        return firstFrameNanos;
    }

    /** When the first picture captured after the connection attempt began was decoded; 0 if none (or unstamped). */
    synchronized long firstLiveNanos() {
        return firstLiveNanos;
    }

    /** How old the first picture was when decoded (capture to decode), µs; -1 if unstamped. */
    synchronized long firstFrameAgeMicros() {
        return firstFrameAgeMicros;
    }

    synchronized Summary summary(long decoderCorrupt, long decoderSkipped) {
        boolean synthetic = stamped > 0;
        double seconds = (lastFrameNanos - firstFrameNanos) / 1e9;
        Double fps = frames > 1 && seconds > 0 ? round1((frames - 1) / seconds) : null;
        long[] sorted = Arrays.copyOf(latencyMicros, latencySamples);
        Arrays.sort(sorted);
        long live = lastFrameNumber >= 0 ? lastFrameNumber - firstFrameNumber + 1 : 0;
        long sent = synthetic ? live + beforeStart : frames;
        return new Summary(
                frames,
                width,
                height,
                fps,
                synthetic ? percentileMillis(sorted, 0.50) : null,
                synthetic ? percentileMillis(sorted, 0.95) : null,
                synthetic ? percentileMillis(sorted, 0.99) : null,
                synthetic ? percentileMillis(sorted, 1.0) : null,
                synthetic ? dropped : decoderSkipped,
                synthetic ? unreadable : decoderCorrupt,
                synthetic ? stamped : frames - decoderCorrupt,
                synthetic && sent > 0 ? Math.round(stamped * 10000.0 / sent) / 100.0 : null,
                cleanAfterBurstMicros < 0 ? null : round1(cleanAfterBurstMicros / 1000.0),
                maxGapNanos / 1_000_000);
    }

    /**
     * Frames, as the synthetic source numbered them: intact (shown, stamp reads back), dropped
     * (never shown: gaps in the numbers) and corrupt (shown, stamp unreadable).
     */
    record Summary(
            int frames,
            int width,
            int height,
            Double fps,
            Double latencyMsP50,
            Double latencyMsP95,
            Double latencyMsP99,
            Double latencyMsMax,
            long droppedFrames,
            long corruptFrames,
            long intactFrames,
            Double intactPercent,
            Double cleanAfterBurstMs,
            long maxFrameGapMs) {}

    private static Double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return round1(sorted[Math.max(0, index)] / 1000.0);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
