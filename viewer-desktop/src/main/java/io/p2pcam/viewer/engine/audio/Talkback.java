package io.p2pcam.viewer.engine.audio;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.RtpPacket;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talking to a camera (docs/PROTOCOL.md §10.7, talkback): one thread reads 20 ms frames from a
 * {@link Microphone}, measures their level (for a meter), encodes each to Opus and hands the RTP
 * packet (payload type 111, an SSRC of its own, timestamps from the capture clock) to {@code send}
 * (the connection, which seals it into the session). Talking starts when this is made and stops at
 * {@link #close()} (the button released) or when the microphone runs out.
 *
 * <p>Thread-safety: {@link #level()}, the counters and {@link #close()} from any thread; {@code
 * send} is called on the talk thread and must not block. Owns the microphone.
 */
public final class Talkback implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Talkback.class);

    private final Microphone microphone;
    private final Consumer<RtpPacket> send;
    private final AudioStreamSender stream;
    private final Thread thread;
    private final AtomicLong frames = new AtomicLong();
    private volatile double level;
    private volatile boolean closed;

    /** Starts talking at once. */
    public Talkback(Microphone microphone, Consumer<RtpPacket> send, SecureRandom random) {
        this.microphone = microphone;
        this.send = send;
        this.stream = new AudioStreamSender(random.nextInt() & 0xFFFF_FFFFL, random.nextInt(1 << 16));
        this.thread = Thread.ofPlatform().name("talkback").daemon().unstarted(this::run);
        thread.start();
    }

    /** The last frame's peak level, 0 (silence, -60 dBFS and below) to 1 (full scale): the meter. */
    public double level() {
        return level;
    }

    /** Frames handed to the connection so far. */
    public long frames() {
        return frames.get();
    }

    /** Whether the talk thread still runs (false once closed or the microphone ran out). */
    public boolean talking() {
        return thread.isAlive();
    }

    /** Peak level of {@code pcm} mapped from -60..0 dBFS to 0..1. */
    public static double peakLevel(short[] pcm) {
        int peak = 0;
        for (short sample : pcm) {
            peak = Math.max(peak, Math.abs((int) sample));
        }
        if (peak == 0) {
            return 0;
        }
        double dbfs = 20 * Math.log10(peak / 32768.0);
        return Math.clamp((dbfs + 60) / 60, 0, 1);
    }

    private void run() {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder()) {
            while (!closed) {
                long firstSample = microphone.read(pcm);
                if (firstSample < 0) {
                    break; // a file ran out
                }
                level = peakLevel(pcm);
                byte[] opus = encoder.encode(pcm);
                if (opus != null) {
                    send.accept(stream.packet(opus, OpusRtp.timestampOf(firstSample)));
                    frames.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            // released
        } catch (RuntimeException e) {
            log.error("talkback stopped: {}", e.toString());
        } finally {
            level = 0;
            microphone.close();
        }
    }

    /** Stops talking (within a frame) and releases the microphone. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
