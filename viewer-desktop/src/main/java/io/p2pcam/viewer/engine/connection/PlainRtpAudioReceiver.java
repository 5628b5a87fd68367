package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.viewer.engine.audio.AudioPlayer;
import io.p2pcam.viewer.engine.audio.AudioSink;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST INPUT PATH, UNENCRYPTED: plain RTP/Opus (RFC 7587, any payload type, mono or stereo) on a
 * UDP port, e.g. from {@code ffmpeg -re -i … -c:a libopus -f rtp rtp://127.0.0.1:PORT+2}, played by
 * the engine's {@link AudioPlayer} (jitter buffer, libopus, concealment) into a sink: it shows the
 * engine hears a standard Opus stream from a third-party sender.
 *
 * <p>One thread receives; the player's own thread plays.
 */
public final class PlainRtpAudioReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlainRtpAudioReceiver.class);
    private static final int POLL_MILLIS = 20;

    private final DatagramSocket socket;
    private final AudioPlayer player;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean running = true;

    private PlainRtpAudioReceiver(InetSocketAddress bind, AudioSink sink) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.socket.setSoTimeout(POLL_MILLIS);
        this.player = new AudioPlayer(sink);
        this.thread = Thread.ofPlatform()
                .name("plain rtp audio " + bind.getPort())
                .daemon()
                .unstarted(this::loop);
    }

    /** Listens on {@code bind}; what it hears is played into {@code sink} (owned from now on). */
    public static PlainRtpAudioReceiver start(InetSocketAddress bind, AudioSink sink) throws SocketException {
        PlainRtpAudioReceiver receiver;
        try {
            receiver = new PlainRtpAudioReceiver(bind, sink);
        } catch (SocketException e) {
            sink.close();
            throw e;
        }
        receiver.thread.start();
        return receiver;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public long packets() {
        return packets.get();
    }

    /** Datagrams that did not parse as RTP (dropped). */
    public long malformed() {
        return malformed.get();
    }

    public AudioPlayer.Stats stats() {
        return player.stats();
    }

    private void loop() {
        byte[] buffer = new byte[2_048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            while (running) {
                try {
                    socket.receive(datagram);
                } catch (SocketTimeoutException idle) {
                    continue;
                }
                packets.incrementAndGet();
                try {
                    player.offer(RtpCodec.decode(Arrays.copyOf(buffer, datagram.getLength())));
                } catch (MalformedRtpException e) {
                    malformed.incrementAndGet();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("plain RTP audio input stopped: {}", e.toString());
            }
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            stopped.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        player.close();
    }
}
