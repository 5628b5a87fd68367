package io.p2pcam.cloud.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
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

    Class<? extends DatagramChannel> channelClass() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** The label in logs and metrics: {@code epoll} or {@code nio}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
