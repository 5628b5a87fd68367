package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A UDP socket on loopback that talks cloud messages to one server, with bounded waits for replies. */
final class UdpPeer implements AutoCloseable {
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(3);

    private final DatagramSocket socket;
    private final InetSocketAddress cloud;

    UdpPeer(InetSocketAddress cloud) {
        this(cloud, InetAddress.getLoopbackAddress());
    }

    /** A peer bound to {@code local} (any 127.x.y.z address works on Linux: a different source address). */
    UdpPeer(InetSocketAddress cloud, InetAddress local) {
        this(cloud, new InetSocketAddress(local, 0));
    }

    /** A peer bound to that very address and port (one another socket, over TCP, had a moment ago). */
    UdpPeer(InetSocketAddress cloud, InetSocketAddress local) {
        try {
            this.socket = new DatagramSocket(local);
            this.socket.setSoTimeout((int) REPLY_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.cloud = cloud;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(CloudMessage message) {
        sendRaw(CloudCodec.encode(message));
    }

    void sendRaw(byte[] datagram) {
        sendRaw(datagram, datagram.length);
    }

    void sendRaw(byte[] datagram, int length) {
        try {
            socket.send(new DatagramPacket(datagram, length, cloud));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message from the cloud, which must be a {@code type}; fails after {@link #REPLY_TIMEOUT}. */
    <T extends CloudMessage> T expect(Class<T> type) {
        CloudMessage message = receive(REPLY_TIMEOUT);
        assertThat(message).as("the reply expected from the cloud").isNotNull().isInstanceOf(type);
        return type.cast(message);
    }

    /** The next message within {@code timeout}, or null if none came. */
    CloudMessage receive(Duration timeout) {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.receive(packet);
            assertThat(packet.getSocketAddress()).as("sender").isEqualTo(cloud);
            return CloudCodec.decode(buffer, 0, packet.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CloudDecodeException e) {
            throw new AssertionError("the cloud sent an undecodable datagram: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
