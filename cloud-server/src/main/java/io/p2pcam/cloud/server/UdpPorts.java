package io.p2pcam.cloud.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds one event loop's UDP socket on the cloud's port with the edge chosen ({@link UdpIo}):
 * Netty's datagram channel with the handler in its pipeline, or the native socket on the loop.
 * Either gets the buffers and read batches of {@link UdpSocketOptions}, and SO_REUSEPORT when
 * several loops share the port (decision 0016). Stateless.
 */
final class UdpPorts {
    private static final Logger log = LoggerFactory.getLogger(CloudServer.class);

    private UdpPorts() {}

    /**
     * Binds {@code settings}' address and UDP port on {@code loop}, served by {@code handler}.
     *
     * @throws PortInUseException if the port is taken, {@link CannotBindException} for another
     *     reason an operator fixes
     * @throws IOException if binding fails otherwise
     */
    static UdpPort bind(
            CloudServerSettings settings,
            UdpTransport transport,
            UdpIo io,
            EventLoop loop,
            RendezvousHandler handler,
            CloudMetrics metrics,
            boolean reusePort)
            throws IOException {
        UdpPort port;
        try {
            port = io == UdpIo.NATIVE
                    ? NativeUdpEdge.start(
                            new InetSocketAddress(settings.bindAddress(), settings.udpPort()),
                            settings.udp(),
                            reusePort,
                            (IoEventLoop) loop,
                            handler,
                            metrics)
                    : new NettyUdpPort(bindChannel(settings, transport, loop, handler, reusePort));
        } catch (IOException | RuntimeException e) {
            BindException known =
                    CannotBindException.of("UDP", settings.bindAddress().getHostAddress(), settings.udpPort(), e);
            if (known != null) {
                throw known;
            }
            throw e;
        }
        logSmallReceiveBuffer(port, settings.udp().receiveBufferBytes());
        return port;
    }

    private static Channel bindChannel(
            CloudServerSettings settings,
            UdpTransport transport,
            EventLoop loop,
            RendezvousHandler handler,
            boolean reusePort)
            throws IOException {
        UdpSocketOptions udp = settings.udp();
        ChannelFactory<DatagramChannel> channels = () -> transport.newDatagramChannel(settings.bindAddress());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(channels)
                .option(ChannelOption.SO_RCVBUF, udp.receiveBufferBytes())
                .option(ChannelOption.SO_SNDBUF, udp.sendBufferBytes())
                .handler(handler);
        if (reusePort) {
            // Every loop's socket binds the same port; the kernel spreads datagrams by source.
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        bootstrap.option(ChannelOption.RECVBUF_ALLOCATOR, receiveAllocator(transport, udp));
        if (transport == UdpTransport.EPOLL) {
            // recvmmsg: one system call reads up to datagramsPerCall datagrams, each into its slot of one buffer.
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RendezvousHandler.COPY_BUFFER_BYTES);
        }
        try {
            return bootstrap
                    .bind(settings.bindAddress(), settings.udpPort())
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the UDP port", e);
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException("cannot bind the UDP port: " + e.getMessage(), e);
        }
    }

    /**
     * One buffer per read call: room for {@code datagramsPerCall} datagrams with epoll (recvmmsg
     * fills one slot each), for one with NIO. A wake-up reads until {@code datagramsPerWakeup}
     * datagrams (Netty's messages per read), then {@code channelReadComplete} flushes their answers
     * together (sendmmsg with epoll). Netty's own default for an allocator set like this is one
     * message a wake-up, i.e. one recvmmsg and a flush per call.
     */
    static FixedRecvByteBufAllocator receiveAllocator(UdpTransport transport, UdpSocketOptions udp) {
        int slots = transport == UdpTransport.EPOLL ? udp.datagramsPerCall() : 1;
        FixedRecvByteBufAllocator allocator =
                new FixedRecvByteBufAllocator(RendezvousHandler.COPY_BUFFER_BYTES * slots);
        allocator.maxMessagesPerRead(udp.datagramsPerWakeup());
        return allocator;
    }

    private static void logSmallReceiveBuffer(UdpPort port, int asked) {
        Integer actual = port.receiveBufferBytes();
        // Linux reports twice the size asked for; less than asked means net.core.rmem_max capped it.
        if (actual != null && actual < asked) {
            log.info(
                    "UDP receive buffer is {} KiB, not the {} KiB asked for (--udp-receive-buffer); "
                            + "raise net.core.rmem_max for heavy load (docs/ADMIN.md)",
                    actual / 1024,
                    asked / 1024);
        }
    }
}
