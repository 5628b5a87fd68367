package io.p2pcam.camera.audio;

import io.p2pcam.camera.media.SourceException;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.OpusRtp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's live sound: one thread reads 20 ms frames from the source as they are captured,
 * encodes each once to Opus and hands the packet, with the capture time of its first sample, to
 * the subscriber (which must not block: the live camera's hands it to the network thread).
 *
 * <p>The loop owns the source and the encoder and closes them when its thread ends. {@link
 * #subscribe}, {@link #ensureStarted}, {@link #close()} and the counters may be used from any
 * thread. {@link #terminated()}
 * completes exceptionally if the loop dies by itself (an encoder or device failure).
 */
public final class AudioLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AudioLoop.class);

    /** Receives every encoded frame on the loop's thread; must return quickly. */
    @FunctionalInterface
    public interface Subscriber {
        /** @param firstSample the capture time of the frame's first sample, 48 kHz samples since 1970 */
        void onFrame(byte[] opus, long firstSample);

        /**
         * A frame of silence that DTX leaves out (RFC 7587 §3.1.3): the encrypted session sends
         * nothing for it (the default). {@code dtx} is the encoder's packet for it, its TOC byte
         * alone, for an output whose receivers expect a packet every 20 ms.
         */
        default void onSilentFrame(byte[] dtx, long firstSample) {}
    }

    private final AudioSource source;
    private final OpusEncoder encoder;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean running = true;

    /** Owns {@code source} and {@code encoder} from now on; nothing runs before {@link #start}. */
    public AudioLoop(AudioSource source, OpusEncoder encoder) {
        this.source = source;
        this.encoder = encoder;
        this.thread = Thread.ofPlatform().name("audio-loop").daemon(true).unstarted(this::run);
    }

    /** Every frame encoded from now on goes to {@code subscriber} too. Any thread. */
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** Starts the loop unless it started already (several outputs may share it). */
    public synchronized void ensureStarted() {
        if (thread.getState() == Thread.State.NEW && running) {
            thread.start();
        }
    }

    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Opus frames encoded so far. */
    public long frames() {
        return frames.get();
    }

    /** Opus bytes encoded so far. */
    public long bytes() {
        return bytes.get();
    }

    private void run() {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try {
            while (running) {
                long firstSample = source.read(pcm);
                byte[] opus = encoder.encodeEveryFrame(pcm);
                if (encoder.leftOut(opus)) {
                    for (Subscriber subscriber : subscribers) {
                        subscriber.onSilentFrame(opus, firstSample);
                    }
                } else {
                    frames.incrementAndGet();
                    bytes.addAndGet(opus.length);
                    for (Subscriber subscriber : subscribers) {
                        subscriber.onFrame(opus, firstSample);
                    }
                }
            }
            terminated.complete(null);
        } catch (InterruptedException e) {
            terminated.complete(null); // closed
        } catch (SourceException | RuntimeException e) {
            LOG.error("the audio loop stopped: {}", e.toString());
            terminated.completeExceptionally(e);
        } finally {
            source.close();
            encoder.close();
        }
    }

    /** Stops the thread (within one frame) and releases the source and the encoder. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        if (thread.getState() == Thread.State.NEW) {
            source.close();
            encoder.close();
            terminated.complete(null);
            return;
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
