package io.p2pcam.cloud.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The Netty transport under the UDP channel: native epoll on Linux when its library loads
 * (fewer copies, {@code recvmmsg}), the JDK's NIO everywhere else. The choice is reported once,
 * in the start line and as {@code p2pcam_transport}.
 */
public enum UdpTransport {
    EPOLL,
    NIO;

    /** Epoll when available, otherwise NIO. */
    public static UdpTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used, for a debug line; null when it is available. */
    static Throwable epollUnavailabilityCause() {
        return Epoll.unavailabilityCause();
    }

    IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The TCP listening channel on the same kind of event loop (the TCP relay port shares the UDP thread). */
    Class<? extends ServerChannel> serverChannelClass() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * A UDP channel for {@code bindAddress}: a specific IPv4 address gets an IPv4 socket. Netty's
     * default is an IPv6 socket wherever IPv6 is available, bound to the IPv4-mapped address
     * ({@code ::ffff:a.b.c.d}); that serves IPv4 alone all the same, but every datagram then also
     * costs the kernel's IPv6 layer and Netty a mapped-address conversion each way. The wildcard
     * 0.0.0.0 keeps the default: Netty binds that socket to {@code ::}, which serves IPv6 too.
     */
    DatagramChannel newDatagramChannel(InetAddress bindAddress) {
        boolean ipv4Only = bindAddress instanceof Inet4Address && !bindAddress.isAnyLocalAddress();
        if (this == EPOLL) {
            return ipv4Only ? new EpollDatagramChannel(SocketProtocolFamily.INET) : new EpollDatagramChannel();
        }
        return ipv4Only ? new NioDatagramChannel(SocketProtocolFamily.INET) : new NioDatagramChannel();
    }

    /** The label in logs and metrics: {@code epoll} or {@code nio}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
