package io.p2pcam.viewer.engine.audio;

import io.p2pcam.media.codec.SlotDecoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.media.RtpPacket;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one camera's sound: the network thread {@link #offer}s audio RTP packets; the player's
 * thread plays one frame (20 ms from a camera) per slot of the {@link AudioJitterBuffer}, on time: it decodes a
 * packet that came, rebuilds a lost one from the next packet's in-band FEC where that came in time,
 * conceals it otherwise ({@link SlotDecoder}) and plays silence where the camera sent none, into
 * the {@link AudioSink}.
 *
 * <p>The jitter allowance is {@link #TARGET_DELAY_MILLIS}: on a LAN a packet is rarely later than
 * that, and the whole chain stays within the 80 ms capture-to-playback goal (docs/decisions/0017).
 *
 * <p>A frame that fails (a packet the decoder chokes on in a way it does not handle, a sink that
 * throws) costs that frame: it is counted ({@link Stats#failedFrames}), the first logged, and the
 * player goes on with the next. Only a {@link VirtualMachineError} stops the player; then {@link
 * #stopped()} completes with it, so that the connection notices (as it does a stopped decode
 * thread) instead of playing silence for good.
 *
 * <p>Thread-safety: {@link #offer} from one thread (the network's), {@link #stats()} and {@link
 * #close()} from any. The player owns the sink and closes it.
 */
public final class AudioPlayer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioPlayer.class);
    public static final long TARGET_DELAY_MILLIS = 20;

    /** Counters since the start. */
    public record Stats(
            long received,
            long played,
            long lost,
            long recovered,
            long late,
            long skipped,
            long silentMillis,
            long concealedMillis,
            long maxLostRunMillis,
            long decodeErrors,
            long failedFrames,
            long unsupportedPackets) {}

    private final AudioSink sink;
    private final LipSync lipSync;
    private final AudioJitterBuffer buffer; // guarded by itself
    private final PlayerClock clock;
    private final Thread thread;
    private final AtomicLong wakeUps = new AtomicLong();
    /**
     * When the player's thread will wake by itself (the next slot's time): a packet that makes
     * nothing due sooner does not wake it. Long.MAX_VALUE while it is awake.
     */
    private volatile long wakeAt = Long.MAX_VALUE;

    private boolean unsupportedLogged; // the player thread's own
    private volatile Stats stats = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private long failedFrames; // the player thread's own
    private volatile boolean closed;

    public AudioPlayer(AudioSink sink) {
        this(sink, new LipSync());
    }

    /** Plays into {@code sink}, telling {@code lipSync} when each frame will be heard. */
    public AudioPlayer(AudioSink sink, LipSync lipSync) {
        this(sink, lipSync, TARGET_DELAY_MILLIS);
    }

    public AudioPlayer(AudioSink sink, LipSync lipSync, long targetDelayMillis) {
        this(sink, lipSync, targetDelayMillis, PlayerClock.SYSTEM);
    }

    /** Plays on {@code clock}'s time: a test's, which it moves itself. */
    AudioPlayer(AudioSink sink, LipSync lipSync, long targetDelayMillis, PlayerClock clock) {
        this.sink = sink;
        this.clock = clock;
        this.lipSync = lipSync;
        this.buffer = new AudioJitterBuffer(targetDelayMillis);
        this.thread = Thread.ofPlatform().name("audio-player").daemon().unstarted(this::run);
        thread.start();
    }

    private long now() {
        return clock.nowMillis();
    }

    /** An audio RTP packet as it arrived, parsed by whoever received it (network thread). */
    public void offer(RtpPacket packet) {
        long due;
        synchronized (buffer) {
            buffer.offer(packet, now());
            due = buffer.nextTimeout();
        }
        // The player plays each frame at its slot's time, not when its packet comes: it is woken
        // only when this packet makes a slot due sooner than it planned to wake (the first packet,
        // a new schedule). One wake-up a frame, not two.
        if (due < wakeAt) {
            clock.wake(thread);
        }
    }

    /** How many times the player's thread woke up so far (once per frame while sound plays). */
    public long wakeUps() {
        return wakeUps.get();
    }

    public Stats stats() {
        return stats;
    }

    private void run() {
        try (SlotDecoder decoder = new SlotDecoder()) {
            while (!closed) {
                wakeAt = Long.MAX_VALUE; // awake: a packet offered from now on leaves a permit
                AudioJitterBuffer.Slot slot;
                long due;
                synchronized (buffer) {
                    slot = buffer.poll(now());
                    due = buffer.nextTimeout();
                }
                if (slot == null) {
                    if (due == Long.MAX_VALUE) {
                        publish(decoder); // nothing to play yet: packets may still have come (unsupported ones)
                    }
                    long now = now();
                    long wait = due == Long.MAX_VALUE ? 50 : Math.max(0, due - now);
                    wakeAt = now + Math.min(wait, 50);
                    clock.park(Math.min(wait, 50));
                    wakeUps.incrementAndGet();
                    continue;
                }
                try {
                    play(slot, decoder);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) { // one frame's failure costs that frame (an AssertionError too)
                    failed(slot, e);
                }
                publish(decoder);
            }
        } catch (Throwable e) {
            log.error("the audio player stopped: {}", e.toString());
            stopped.completeExceptionally(e);
        } finally {
            if (failedFrames > 1) {
                log.warn("{} audio frames could not be played", failedFrames);
            }
            sink.close();
        }
    }

    private void play(AudioJitterBuffer.Slot slot, SlotDecoder decoder) {
        short[] pcm = decoder.render(slot);
        lipSync.heard(
                slot.timestamp(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sink.outputDelayMillis()),
                wallMicros());
        sink.decided(slot);
        sink.play(pcm, slot.timestamp());
    }

    /** A frame that could not be played: counted; the first is logged, later ones at debug (a flood costs no log). */
    private void failed(AudioJitterBuffer.Slot slot, Throwable e) {
        failedFrames++;
        if (failedFrames == 1) {
            log.warn("an audio frame could not be played (counted in failedFrames; later ones at debug)", e);
        } else {
            log.debug(
                    "audio frame ts={} could not be played ({} so far): {}",
                    slot.timestamp(),
                    failedFrames,
                    e.toString());
        }
    }

    /**
     * Completes exceptionally, with the cause, if the player's thread stopped by itself (only a
     * {@link VirtualMachineError} does): no more sound will play. Closing leaves it pending.
     */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private void publish(SlotDecoder decoder) {
        AudioJitterBuffer.Stats s;
        synchronized (buffer) {
            s = buffer.stats();
        }
        stats = new Stats(
                s.received(),
                s.played(),
                s.lost(),
                decoder.recoveredFrames(),
                s.late(),
                s.skipped(),
                s.silent() * s.frameMillis(),
                // Frames of a gap found lost later were concealed too (up to SlotDecoder's limit).
                (decoder.concealedFrames() + s.gapsLost()) * s.frameMillis(),
                s.maxLostRun() * s.frameMillis(),
                decoder.decodeErrors(),
                failedFrames,
                s.unsupported());
        if (s.unsupported() > 0 && !unsupportedLogged) {
            unsupportedLogged = true;
            log.warn("the sender's packets are not Opus of whole 10 ms and cannot be played"
                    + " (counted in unsupportedPackets; a plain RTP sender such as ffmpeg: -frame_duration 20)");
        }
    }

    @Override
    public void close() {
        closed = true;
        clock.wake(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
