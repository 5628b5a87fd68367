package io.p2pcam.cloud.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.p2pcam.cloud.core.ClientAddress;
import io.p2pcam.protocol.hash.AddressKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The cloud protocol over TCP, for networks that let only TCP out (docs/PROTOCOL.md §3.1): each
 * datagram travels as a u16 length then its bytes ({@link TcpDatagramDecoder}). A connection's
 * remote address stands for the client's "source address" everywhere in the core (registration,
 * cookies, rate limits, relay), so a camera or viewer that can only use TCP registers, connects
 * and relays like any other.
 *
 * <p>What a client may hold ({@link TcpLimits}): connections in all and per party (an address or
 * IPv6 /64, /56 and /48, {@link ConnectionCaps}; more are closed as they arrive); a connection that delivers no whole datagram for the idle time, or
 * trickles one in slower than the frame timeout, is closed; output for a client that does not read
 * is held to one write buffer, datagrams beyond it are dropped as UDP would lose them, reading from
 * that client pauses, and a client that takes nothing for the write-stall time is closed. What the
 * core still sends over TCP to a client whose connection closed finds no connection here and is
 * dropped (the core names each datagram's lane, {@link io.p2pcam.cloud.core.Transmit}).
 *
 * <p>Runs on the first UDP channel's event loop; connections feed that loop's handler, which passes
 * datagrams for other loops' cameras on. Every method is for that thread only, except
 * {@link #connection} and {@link #write}, which any event loop may call to answer a TCP client
 * (Netty queues a write from another thread on the connection's loop).
 */
final class TcpFrontDoor {
    private static final long NONE = Long.MIN_VALUE;

    private final TcpLimits limits;
    private final LongSupplier monotonicMillis;
    /**
     * Open connections by the remote address the core knows them as. Changed on this loop only;
     * read by every event loop's core when it sends (several loops on one port, decision 0016).
     * Keyed under a seeded hash ({@link AddressKey}): the addresses are the clients' choice, and
     * every datagram sent while any client is connected looks its destination up here.
     */
    private final Map<AddressKey, Connection> connections = new ConcurrentHashMap<>();

    /** Open connections in all and per party. */
    private final ConnectionCaps caps;

    private final CloudMetrics metrics;

    TcpFrontDoor(CloudMetrics metrics) {
        this(TcpLimits.defaults(), new MonotonicClock(), metrics);
    }

    TcpFrontDoor(TcpLimits limits, LongSupplier monotonicMillis, CloudMetrics metrics) {
        this.limits = limits;
        this.caps = new ConnectionCaps(limits.maxConnections(), limits.maxConnectionsPerSource());
        this.monotonicMillis = monotonicMillis;
        this.metrics = metrics;
    }

    Channel bind(EventLoopGroup group, UdpTransport transport, InetSocketAddress address, RendezvousHandler core)
            throws InterruptedException {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(limits.writeBufferBytes() / 2, limits.writeBufferBytes()))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accept(channel, core);
                    }
                })
                .bind(address)
                .sync()
                .channel();
        long tick = Math.clamp(
                Math.min(limits.frameTimeout().toMillis(), limits.writeStall().toMillis()) / 4, 10, 1000);
        server.eventLoop().scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
        return server;
    }

    private void accept(Channel channel, RendezvousHandler core) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (!caps.admit(remote)) {
            metrics.tcpRefused();
            channel.close();
            return;
        }
        Connection connection = new Connection(channel, core, remote, monotonicMillis.getAsLong());
        connections.put(AddressKey.of(remote), connection);
        metrics.tcpConnections(connections.size());
        channel.pipeline().addLast(new TcpDatagramDecoder(connection), connection);
    }

    /** The open connection the core knows as {@code address}, or null (it closed, or never was). */
    Channel connection(InetSocketAddress address) {
        if (connections.isEmpty()) {
            return null;
        }
        Connection connection = connections.get(AddressKey.of(address));
        return connection == null ? null : connection.channel;
    }

    /**
     * Writes one datagram to a connection, framed (the caller flushes); dropped and counted when
     * the connection's write buffer is full.
     */
    void write(Channel connection, byte[] datagram) {
        if (!connection.isWritable()) {
            metrics.tcpDroppedDatagram();
            return;
        }
        ByteBuf frame = connection.alloc().buffer(2 + datagram.length);
        frame.writeShort(datagram.length).writeBytes(datagram);
        connection.write(frame, connection.voidPromise());
    }

    private void sweep() {
        long now = monotonicMillis.getAsLong();
        for (Connection c : new ArrayList<>(connections.values())) {
            boolean idle = now - c.lastDatagramAt > limits.idle().toMillis();
            boolean trickling = c.partialSince != NONE
                    && now - c.partialSince > limits.frameTimeout().toMillis();
            boolean stalled = c.unwritableSince != NONE
                    && now - c.unwritableSince > limits.writeStall().toMillis();
            if (idle || trickling || stalled) {
                metrics.tcpTimedOut();
                c.channel.close();
            }
        }
    }

    private final class Connection extends SimpleChannelInboundHandler<ByteBuf> implements TcpDatagramDecoder.Listener {
        final Channel channel;
        final RendezvousHandler core;
        final InetSocketAddress remote;
        /** The remote end as the core knows it, made once: every frame of the connection is from it. */
        final ClientAddress client;

        long lastDatagramAt;
        long partialSince = NONE;
        long unwritableSince = NONE;

        Connection(Channel channel, RendezvousHandler core, InetSocketAddress remote, long now) {
            this.channel = channel;
            this.core = core;
            this.remote = remote;
            this.client = ClientAddress.tcp(remote);
            this.lastDatagramAt = now;
        }

        @Override
        public void pending(boolean partial) {
            if (!partial) {
                partialSince = NONE;
            } else if (partialSince == NONE) {
                partialSince = monotonicMillis.getAsLong();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (connections.remove(AddressKey.of(remote), this)) {
                caps.release(remote);
                metrics.tcpConnections(connections.size());
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf datagram) {
            lastDatagramAt = monotonicMillis.getAsLong();
            core.feed(datagram, client);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            core.afterTcpBatch();
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            boolean writable = ctx.channel().isWritable();
            unwritableSince = writable ? NONE : monotonicMillis.getAsLong();
            // A client that does not take our answers gets no more of them to ask for.
            ctx.channel().config().setAutoRead(writable);
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset or an oversized length: this connection only
        }
    }
}
