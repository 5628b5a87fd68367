package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An IPv6 link-local peer (fe80::…%interface) is answered on its link: the native edge reads the
 * sender's scope id ({@code sin6_scope_id}) and writes it back, without which the kernel refuses
 * the answer (a link-local address means nothing without its interface). Needs root for a network
 * namespace with a veth pair (this kernel has no dummy driver); skipped elsewhere.
 */
class NativeUdpLinkLocalTest {
    @Test
    void aLookupFromALinkLocalAddressIsAnsweredOnItsInterface() throws Exception {
        assumeTrue(NetworkNamespace.available(), "a namespace with a link-local interface needs root");
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        try (NetworkNamespace namespace = NetworkNamespace.create("p2pcam-linklocal");
                NetworkNamespace viewerSide = NetworkNamespace.create("p2pcam-linklocal-viewer")) {
            // The cloud's link0 and the viewer's link1 are the two ends of one link, fe80::1 and fe80::2.
            namespace.in(
                    "ip", "link", "add", "link0", "type", "veth", "peer", "name", "link1", "netns", viewerSide.name());
            namespace.in("ip", "addr", "add", "fe80::1/64", "dev", "link0", "nodad");
            namespace.in("ip", "link", "set", "link0", "up");
            viewerSide.in("ip", "addr", "add", "fe80::2/64", "dev", "link1", "nodad");
            viewerSide.in("ip", "link", "set", "link1", "up");
            // A second link whose fe80::/64 route is preferred: an answer without the scope goes there, lost.
            namespace.in("ip", "link", "add", "decoy0", "type", "veth", "peer", "name", "decoy1");
            namespace.in("ip", "link", "set", "decoy0", "up");
            namespace.in("ip", "link", "set", "decoy1", "up");
            namespace.in("ip", "-6", "route", "add", "fe80::/64", "dev", "decoy0", "metric", "1");
            Rendezvous core = new Rendezvous(CloudConfig.defaults(), new Random(3), metrics, 0);
            NativeUdpEdge edge = namespace.open(() -> NativeUdpEdge.start(
                    new InetSocketAddress(InetAddress.getByName("::"), 0), // the cloud's default: every address
                    UdpSocketOptions.defaults(),
                    false,
                    group.next(),
                    new RendezvousHandler(core, metrics, () -> 0),
                    metrics));
            // The interface's index from its namespace: the JDK reads IPv6 addresses from
            // /proc/self/net, which is the process's namespace, not the thread's.
            int index = Integer.parseInt(viewerSide.in("cat", "/sys/class/net/link1/ifindex"));
            byte[] fe80 = new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            Inet6Address viewerAddress = Inet6Address.getByAddress(null, with(fe80, 2), index);
            Inet6Address cloudAddress = Inet6Address.getByAddress(null, with(fe80, 1), index);
            try (DatagramSocket viewer =
                    viewerSide.open(() -> new DatagramSocket(new InetSocketAddress(viewerAddress, 0)))) {
                viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
                byte[] lookup = CloudCodec.encode(new Lookup(13, new TestCamera().id()));
                viewer.send(new DatagramPacket(
                        lookup, lookup.length, new InetSocketAddress(cloudAddress, edge.localPort())));

                byte[] buffer = new byte[2048];
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                viewer.receive(reply);

                assertThat(((LookupResult) CloudCodec.decode(buffer, 0, reply.getLength())).transaction())
                        .isEqualTo(13);
                assertThat(metrics.udpUnsentTotal()).isZero();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] with(byte[] prefix, int last) {
        byte[] address = prefix.clone();
        address[15] = (byte) last;
        return address;
    }
}
