package io.p2pcam.camera.audio;

import io.p2pcam.media.codec.SlotDecoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TalkFloor;
import io.p2pcam.protocol.media.RtpPacket;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's speaker: plays what the viewer holding the talk floor says (docs/PROTOCOL.md §10.7,
 * talkback). The network thread {@link #offer}s talk packets; the speaker's thread plays one packet's
 * time (20 ms from the reference viewer, any whole 10 ms from others) per slot of an {@link AudioJitterBuffer} (the viewer's own playout rules, jitter
 * allowance {@link #TARGET_DELAY_MILLIS}), decoding what came, concealing what was lost, into the
 * {@link SpeakerOutput}.
 *
 * <p>A <b>talk spurt</b> ends when nothing came for {@link #SPURT_END_MILLIS} ms, longer than a
 * talker in DTX stays silent (it sends a comfort-noise frame every 400 ms), so the time the talk
 * floor is held ({@link TalkFloor#RELEASE_MILLIS}): the speaker stops playing (a file gets nothing
 * more until someone talks again) and logs the spurt: frames, losses, and the capture → speaker
 * latency of its frames (the talk RTP timestamps are the viewer's capture clock, as the camera's
 * are; meaningful when both clocks agree, e.g. one machine). The frames played after the last
 * packet of a spurt (the wait that ends it) are a gap no packet settles: not counted as lost.
 *
 * <p>A frame that fails (a talk packet the decoder chokes on in a way it does not handle, an output
 * that throws) costs that frame: counted ({@link Stats#failedFrames}), the first logged, and the
 * speaker goes on. Only a {@link VirtualMachineError} stops it; then {@link #stopped()} completes
 * with it and the camera stops as when its other loops do (LiveCamera#died), rather than staying
 * deaf to talkback for good.
 *
 * <p>Thread-safety: {@link #offer} from one thread, {@link #stats()} and {@link #close()} from any.
 * The speaker owns its output and closes it.
 */
public final class Speaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Speaker.class);
    public static final long TARGET_DELAY_MILLIS = 20;
    public static final long SPURT_END_MILLIS = TalkFloor.RELEASE_MILLIS;

    /** Counters since the start, over every spurt. */
    public record Stats(
            long spurts,
            long received,
            long played,
            long lost,
            long late,
            long concealedMillis,
            long decodeErrors,
            long failedFrames) {}

    /**
     * One talk spurt as the speaker played it; latencies in milliseconds, -1 when unknown. {@code
     * skipped} frames of time were taken out to catch up (the output is that much shorter), {@code
     * skippedPackets} of the frames said were in them (a talker in DTX sent nothing in most of a
     * silence's frames): every frame said is played, lost or one of these.
     */
    public record Spurt(
            int sessionId,
            long played,
            long lost,
            long late,
            long concealedMillis,
            long skipped,
            long skippedPackets,
            long latencyP50,
            long latencyP95) {}

    private final SpeakerOutput output;
    private final Clock clock;
    private final Object lock = new Object();
    private final Thread thread;
    // Guarded by lock: the spurt under way.
    private AudioJitterBuffer buffer;
    private int talker;
    private long lastOffer;
    // The speaker thread's own.
    private final LatencyRecord latencies = new LatencyRecord();
    private long spurtConcealed;
    private volatile Stats stats = new Stats(0, 0, 0, 0, 0, 0, 0, 0);
    private long failedFrames; // the speaker thread's own
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Spurt lastSpurt;
    private volatile boolean closed;

    /** Starts the speaker's thread; owns {@code output} from now on. */
    public Speaker(SpeakerOutput output, Clock clock) {
        this.output = output;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("speaker").daemon().unstarted(this::run);
        thread.start();
    }

    /** The speaker's clock: milliseconds of System.nanoTime. */
    private static long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    /**
     * A talk packet (Opus RTP) from viewer session {@code sessionId}, as it arrived, parsed by the
     * endpoint (network thread).
     */
    public void offer(int sessionId, RtpPacket packet) {
        synchronized (lock) {
            if (buffer == null) {
                buffer = new AudioJitterBuffer(TARGET_DELAY_MILLIS);
            }
            talker = sessionId;
            lastOffer = now();
            buffer.offer(packet, lastOffer);
        }
        LockSupport.unpark(thread);
    }

    public Stats stats() {
        return stats;
    }

    /** The last spurt that ended, or null. */
    public Spurt lastSpurt() {
        return lastSpurt;
    }

    public String describe() {
        return output.describe();
    }

    private void run() {
        try (SlotDecoder decoder = new SlotDecoder()) {
            while (!closed) {
                AudioJitterBuffer.Slot slot = null;
                long wait = 50;
                synchronized (lock) {
                    long now = now();
                    if (buffer != null && buffer.queued() == 0 && now - lastOffer >= SPURT_END_MILLIS) {
                        endSpurt(decoder);
                    } else if (buffer != null) {
                        slot = buffer.poll(now);
                        wait = Math.min(buffer.nextTimeout() - now, lastOffer + SPURT_END_MILLIS - now);
                    }
                }
                if (slot == null) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.clamp(wait, 1, 50)));
                    continue;
                }
                try {
                    play(slot, decoder);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) { // one frame's failure costs that frame (an AssertionError too)
                    failed(e);
                }
            }
            synchronized (lock) {
                if (buffer != null) {
                    endSpurt(decoder);
                }
            }
        } catch (Throwable e) {
            log.error("the speaker stopped: {}", e.toString());
            stopped.completeExceptionally(e);
        } finally {
            if (failedFrames > 1) {
                log.warn("{} talkback frames could not be played", failedFrames);
            }
            output.close();
        }
    }

    /** A frame that could not be played: counted; the first is logged, later ones at debug (a flood costs no log). */
    private void failed(Throwable e) {
        failedFrames++;
        if (failedFrames == 1) {
            log.warn("a talkback frame could not be played (counted in failedFrames; later ones at debug)", e);
        } else {
            log.debug("a talkback frame could not be played ({} so far): {}", failedFrames, e.toString());
        }
    }

    /**
     * Completes exceptionally, with the cause, if the speaker's thread stopped by itself (only a
     * {@link VirtualMachineError} does): talkback is no longer heard. Closing leaves it pending.
     */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    private void play(AudioJitterBuffer.Slot slot, SlotDecoder decoder) {
        long concealedBefore = decoder.concealedFrames();
        short[] pcm = decoder.render(slot);
        spurtConcealed += decoder.concealedFrames() - concealedBefore;
        output.play(pcm);
        if (slot instanceof AudioJitterBuffer.Packet) {
            Instant now = clock.instant();
            long writtenMicros =
                    now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000 + output.outputDelayMillis() * 1_000;
            long captured = OpusRtp.microsOf(OpusRtp.unwrap(slot.timestamp(), OpusRtp.sampleAt(writtenMicros)));
            latencies.add(writtenMicros - captured);
        }
    }

    /** The talker fell quiet (under the lock): log the spurt, count it, and stop playing. */
    private void endSpurt(SlotDecoder decoder) {
        AudioJitterBuffer.Stats spurt = buffer.stats();
        buffer = null;
        // Frames of a gap found lost later were concealed too (up to SlotDecoder's limit).
        long concealed = (spurtConcealed + spurt.gapsLost()) * spurt.frameMillis();
        long lost = spurt.lost();
        Spurt ended = new Spurt(
                talker,
                spurt.played(),
                lost,
                spurt.late(),
                concealed,
                spurt.skipped(),
                spurt.skippedPackets(),
                latencies.percentileMillis(0.50),
                latencies.percentileMillis(0.95));
        Stats before = stats;
        stats = new Stats(
                before.spurts() + 1,
                before.received() + spurt.received(),
                before.played() + spurt.played(),
                before.lost() + lost,
                before.late() + spurt.late(),
                before.concealedMillis() + concealed,
                decoder.decodeErrors(),
                failedFrames);
        lastSpurt = ended;
        if (spurt.unsupported() > 0) {
            log.warn(
                    "talkback from session {}: {} packets were not Opus of whole 10 ms and were dropped",
                    talker,
                    spurt.unsupported());
        }
        latencies.clear();
        spurtConcealed = 0;
        log.info(
                "talkback from session {}: {} frames played ({} ms), {} lost, {} late, {} ms concealed;"
                        + " {} skipped to catch up ({} packets); capture to speaker latency p50 {} ms, p95 {} ms",
                Integer.toUnsignedString(ended.sessionId()),
                ended.played(),
                ended.played() * spurt.frameMillis(),
                ended.lost(),
                ended.late(),
                ended.concealedMillis(),
                ended.skipped(),
                ended.skippedPackets(),
                ended.latencyP50(),
                ended.latencyP95());
    }

    /** Stops the thread (within a frame), ending the spurt under way, and closes the output. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
