package io.p2pcam.cloud.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Sends through Netty's datagram channel: each datagram copied straight into direct memory (a
 * wrapped heap array would be copied into a direct buffer by the epoll channel anyway, with a
 * second buffer and packet object per datagram), written at once, flushed by the handler once per
 * batch. Event loop only.
 */
final class NettyDatagramSender implements DatagramSender {
    private final ChannelHandlerContext ctx;
    private final DatagramArena outgoingDatagrams = new DatagramArena();

    NettyDatagramSender(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void send(byte[] data, InetSocketAddress to) {
        ByteBuf out = outgoingDatagrams.copyOf(data);
        ctx.write(new DatagramPacket(out, to), ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public void release() {
        outgoingDatagrams.close();
    }
}
