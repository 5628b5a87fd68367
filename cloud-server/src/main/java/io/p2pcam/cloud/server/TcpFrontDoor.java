package io.p2pcam.cloud.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.p2pcam.protocol.cloud.RelayFrame;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cloud protocol over TCP, for networks that let only TCP out (docs/PROTOCOL.md §3.1): each
 * datagram travels as a u16 length then its bytes. A connection's remote address stands for the
 * client's "source address" everywhere in the core (registration, cookies, rate limits, relay),
 * so a camera or viewer that can only use TCP registers, connects and relays like any other.
 *
 * <p>Runs on the UDP channel's single event loop (the group has one thread), so connections feed
 * the same core without locks. A connection idle for {@value #IDLE_SECONDS} s is closed: cameras
 * keep alive more often than that.
 */
final class TcpFrontDoor {
    static final int IDLE_SECONDS = 90;
    private static final int MAX_FRAME = RelayFrame.MAX_FRAME;

    /** Open connections by the remote address the core knows them as; event-loop thread only. */
    private final Map<InetSocketAddress, Channel> connections = new HashMap<>();

    Channel bind(EventLoopGroup group, UdpTransport transport, InetSocketAddress address, RendezvousHandler core)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(
                                        new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS),
                                        new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 2, 0, 2),
                                        new Connection(core));
                    }
                })
                .bind(address)
                .sync()
                .channel();
    }

    /** The connection the core knows as {@code address}, or null (then the address is a UDP one). */
    Channel connection(InetSocketAddress address) {
        return connections.isEmpty() ? null : connections.get(address);
    }

    /** Writes one datagram to a connection, framed (the caller flushes). */
    static void write(Channel connection, byte[] datagram) {
        ByteBuf frame = connection.alloc().buffer(2 + datagram.length);
        frame.writeShort(datagram.length).writeBytes(datagram);
        connection.write(frame, connection.voidPromise());
    }

    private final class Connection extends SimpleChannelInboundHandler<ByteBuf> {
        private final RendezvousHandler core;

        Connection(RendezvousHandler core) {
            this.core = core;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.put((InetSocketAddress) ctx.channel().remoteAddress(), ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connections.remove((InetSocketAddress) ctx.channel().remoteAddress());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            core.feed(frame, (InetSocketAddress) ctx.channel().remoteAddress());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            core.afterTcpBatch();
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or a malformed length: this connection only
        }
    }
}
