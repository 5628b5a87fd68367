package io.p2pcam.cloud.server;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.cloud.ConnectThroughNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Drives a viewer's {@link ConnectThroughNodes} (the real one: one node at a time, the next after
 * 1.6 s of silence, docs/PROTOCOL.md §5.4) over a real UDP socket until its first event. Test only;
 * not thread-safe.
 */
final class UdpViewerLoop {
    private UdpViewerLoop() {}

    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** The attempt's first event, or null when none came within {@code timeout}. */
    static ConnectAttemptEvent run(ConnectThroughNodes attempt, Duration timeout) {
        long end = now() + timeout.toMillis();
        byte[] buffer = new byte[2048];
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            while (now() < end) {
                ConnectThroughNodes.Transmit transmit;
                while ((transmit = attempt.pollTransmit()) != null) {
                    socket.send(new DatagramPacket(transmit.data(), transmit.data().length, transmit.node()));
                }
                ConnectAttemptEvent event = attempt.pollEvent();
                if (event != null) {
                    return event;
                }
                long wait = Math.clamp(Math.min(attempt.nextTimeout(), end) - now(), 1, 1_000);
                socket.setSoTimeout((int) wait);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    attempt.handleMessage(
                            CloudCodec.decode(buffer, 0, packet.getLength()),
                            (InetSocketAddress) packet.getSocketAddress(),
                            now());
                } catch (SocketTimeoutException e) {
                    attempt.handleTimeout(now());
                } catch (CloudDecodeException e) {
                    throw new AssertionError("a node sent an undecodable datagram", e);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
