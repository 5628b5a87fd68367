package io.p2pcam.cloud.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A UDP port served by Netty's datagram channel (epoll or NIO), its handler in the channel's pipeline. */
record NettyUdpPort(Channel channel) implements UdpPort {
    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public int localPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public Integer receiveBufferBytes() {
        return channel.config().getOption(ChannelOption.SO_RCVBUF);
    }

    @Override
    public Integer sendBufferBytes() {
        return channel.config().getOption(ChannelOption.SO_SNDBUF);
    }

    @Override
    public void stop() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
