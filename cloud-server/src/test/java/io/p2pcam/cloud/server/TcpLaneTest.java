package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real server keeps a party's TCP budgets apart from its UDP ones (decision 0057): on
 * loopback every socket is the one party 127.0.0.1, so a UDP flood from any port stands for one
 * forged in the victim's name, and the victim's TCP connection must still be answered.
 */
@Tag("realtime") // real sockets and deadlines
class TcpLaneTest {
    @Test
    void aUdpLookupFloodFromAnAddressLeavesThatAddressServedOverTcp() throws Exception {
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                        .withCloud(CloudConfig.defaults())
                        .withTcpPort(0));
                DatagramSocket flooder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            flooder.setSoTimeout(5_000);
            TestCamera unknown = new TestCamera();
            InetSocketAddress udp = server.udpAddress();
            int burst = CloudConfig.defaults().requestRate().burst();
            for (int i = 0; i < burst * 3; i++) {
                byte[] datagram = CloudCodec.encode(new Lookup(i, unknown.id()));
                flooder.send(new DatagramPacket(datagram, datagram.length, udp));
            }
            // The cloud has run dry for 127.0.0.1 once it says so (at most once a second, then silence).
            boolean refused = false;
            byte[] buffer = new byte[1500];
            while (!refused) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                flooder.receive(packet); // times out after 5 s: the test fails
                CloudMessage reply = CloudCodec.decode(java.util.Arrays.copyOf(buffer, packet.getLength()));
                refused = reply instanceof ErrorReply error && error.code() == ErrorCode.RATE_LIMITED;
            }

            InetSocketAddress tcp = server.tcpAddress().orElseThrow();
            try (Socket viewer = new Socket(tcp.getAddress(), tcp.getPort())) {
                viewer.setSoTimeout(5_000);
                byte[] lookup = CloudCodec.encode(new Lookup(1_000_000, unknown.id()));
                DataOutputStream out = new DataOutputStream(viewer.getOutputStream());
                out.writeShort(lookup.length);
                out.write(lookup);
                out.flush();
                DataInputStream in = new DataInputStream(viewer.getInputStream());
                byte[] answer;
                try {
                    answer = new byte[in.readUnsignedShort()];
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the LOOKUP over TCP went unanswered", e);
                }
                in.readFully(answer);
                assertThat(CloudCodec.decode(answer))
                        .as("the TCP lane's bucket is the victim's own")
                        .isInstanceOf(LookupResult.class);
            }
        }
    }
}
