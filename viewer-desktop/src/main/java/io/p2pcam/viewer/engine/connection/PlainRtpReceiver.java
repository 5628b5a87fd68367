package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.viewer.engine.decode.FramePipeline;
import io.p2pcam.viewer.engine.decode.KeyframeCause;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST INPUT PATH, UNENCRYPTED: the engine's receive side (the same {@link VideoReceiver} as a
 * camera session's: jitter buffer, RFC 6184 depacketizer; then decoder and mailbox) fed by plain
 * RTP/H.264 on a UDP port, e.g. from {@code ffmpeg
 * -re -i … -c:v libx264 -f rtp rtp://127.0.0.1:PORT}. It shows that the engine decodes a
 * standard stream from a third-party sender. There is no feedback channel (a plain RTP sender
 * takes no NACK or PLI here: the receiver's feedback is dropped): a loss waits for the sender's
 * next keyframe.
 *
 * <p>One thread receives, orders, depacketizes and decodes; pictures go to {@link #mailbox()}
 * and to the listener given at start.
 */
public final class PlainRtpReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlainRtpReceiver.class);
    private static final int POLL_MILLIS = 10;

    private final DatagramSocket socket;
    private final LatestFrameMailbox mailbox = new LatestFrameMailbox();
    private final VideoReceiver receiver;
    private final Consumer<VideoFrame> pictures;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile FramePipeline pipeline;
    private volatile boolean running = true;
    private volatile long packets;

    private PlainRtpReceiver(InetSocketAddress bind, Consumer<VideoFrame> pictures) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.socket.setReceiveBufferSize(4 << 20);
        this.socket.setSoTimeout(POLL_MILLIS);
        this.pictures = pictures;
        this.receiver = new VideoReceiver(0, now());
        this.thread =
                Thread.ofPlatform().name("plain rtp " + bind.getPort()).daemon().unstarted(this::loop);
    }

    /** Listens on {@code bind}; {@code pictures} sees every decoded picture on the receive thread. */
    public static PlainRtpReceiver start(InetSocketAddress bind, Consumer<VideoFrame> pictures) throws SocketException {
        PlainRtpReceiver receiver = new PlainRtpReceiver(bind, pictures);
        receiver.thread.start();
        return receiver;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public LatestFrameMailbox mailbox() {
        return mailbox;
    }

    /** The decode pipeline's counters, or null before it started. */
    public FramePipeline pipeline() {
        return pipeline;
    }

    public MediaReceiver.Stats mediaStats() {
        synchronized (receiver) {
            return receiver.stats();
        }
    }

    public long packets() {
        return packets;
    }

    /** Intact pictures that came before the first keyframe, not decoded (nothing to decode them from). */
    public long skippedBeforeKeyframe() {
        synchronized (receiver) {
            return receiver.skippedBeforeKeyframe();
        }
    }

    private void loop() {
        byte[] buffer = new byte[65_536];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        ArrayDeque<DepacketizerEvent> decodable = new ArrayDeque<>();
        try (FramePipeline pipeline = FramePipeline.create(mailbox, new FramePipeline.Listener() {
            @Override
            public void keyframeNeeded(KeyframeCause cause) {
                log.debug("waiting for the sender's next keyframe ({})", cause);
            }

            @Override
            public void pictureDecoded(VideoFrame frame) {
                pictures.accept(frame);
            }
        })) {
            this.pipeline = pipeline;
            while (running) {
                try {
                    socket.receive(datagram);
                    packets++;
                    synchronized (receiver) {
                        receiver.handlePacket(RtpCodec.decode(buffer, 0, datagram.getLength()), now());
                    }
                } catch (SocketTimeoutException idle) {
                    // fall through to the timers
                } catch (MalformedRtpException e) {
                    continue; // not RTP (an RTCP packet on the same port, noise): ignored
                }
                synchronized (receiver) {
                    if (receiver.nextTimeout() <= now()) {
                        receiver.handleTimeout(now());
                    }
                    while (receiver.pollFeedback() != null) {
                        // no feedback channel to a plain RTP sender
                    }
                    DepacketizerEvent event;
                    while ((event = receiver.pollAccessUnit()) != null) {
                        decodable.add(event);
                    }
                }
                DepacketizerEvent event;
                while ((event = decodable.poll()) != null) {
                    pipeline.accept(event); // outside the lock: stats readers do not wait for the decoder
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("plain RTP input stopped: {}", e.toString(), e);
            }
        } finally {
            stopped.countDown();
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
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
    }
}
