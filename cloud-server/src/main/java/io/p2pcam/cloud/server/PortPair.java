package io.p2pcam.cloud.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks "any port" for a server whose TCP port follows its UDP port's number.
 *
 * <p>The kernel's pick for a UDP socket on port 0 is free for UDP only: the same number may be
 * taken for TCP, most often as an outgoing connection's local port (TCP's ephemeral ports come
 * from the same range), and the TCP listener then fails. A user who asked for any port expects one
 * that works, so the pair is tried first with throwaway sockets: a pick whose TCP port is taken
 * stays bound while the kernel picks again (so it cannot be handed back), {@value #ATTEMPTS} picks
 * in all. The server's own sockets then bind the number found, which another program could still
 * take in the moment between (the server then reports the port in use, as for a port it was given).
 */
final class PortPair {
    static final int ATTEMPTS = 8;

    /** A UDP port the kernel picked, bound until {@code held} is closed. */
    record Pick(int port, Closeable held) {}

    /** The UDP side: binds the kernel's pick. */
    @FunctionalInterface
    interface UdpSide {
        Pick bindAny() throws IOException;
    }

    /** The TCP side: whether {@code port} can be listened on now. */
    @FunctionalInterface
    interface TcpSide {
        boolean free(int port) throws IOException;
    }

    private PortPair() {}

    /**
     * A port on {@code address} free for both a UDP socket and a TCP listener, found with throwaway
     * sockets that are closed again.
     *
     * @throws PortInUseException when every pick's TCP port was taken
     */
    static int freeForBoth(InetAddress address) throws IOException {
        return find(udpOn(address), tcpFreeOn(address), address.getHostAddress());
    }

    /** Throwaway UDP sockets on {@code address}, on the kernel's pick. */
    static UdpSide udpOn(InetAddress address) {
        return () -> {
            DatagramChannel channel = DatagramChannel.open(familyOf(address));
            try {
                channel.bind(new InetSocketAddress(address, 0));
                return new Pick(channel.socket().getLocalPort(), channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        };
    }

    /** Whether a throwaway TCP listener on {@code address} can bind the port. */
    static TcpSide tcpFreeOn(InetAddress address) {
        return port -> {
            try (ServerSocketChannel listener = ServerSocketChannel.open(familyOf(address))) {
                // Stricter than the server's listener may be: a port some connection just closed counts as taken.
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                listener.bind(new InetSocketAddress(address, port));
                return true;
            } catch (BindException e) {
                return false;
            }
        };
    }

    private static ProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /**
     * The port of the first of {@value #ATTEMPTS} UDP picks whose TCP port is free; every pick is
     * released before this returns.
     */
    static int find(UdpSide udp, TcpSide tcp, String host) throws IOException {
        List<Pick> picks = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Pick pick = udp.bindAny();
                picks.add(pick);
                if (tcp.free(pick.port())) {
                    return pick.port();
                }
            }
            throw new PortInUseException("TCP", host, picks.getLast().port());
        } finally {
            picks.forEach(pick -> closeQuietly(pick.held()));
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // a throwaway pick: nothing was sent on it
        }
    }
}
