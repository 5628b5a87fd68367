package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runner moves to TCP when {@link CloudFallback} says so, not at its next wake-up for some
 * other reason: the lab's UDP-blocked viewer took 2.4–2.6 s for its lookup, ~1 s of it asleep in
 * the selector (up to its 1 s cap) after the fallback was already due, because nothing but the
 * endpoint's own timeout (its next retransmission, seconds away) bounded the wait.
 */
@Tag("realtime") // real sockets and the runner's real selector waits
class FallbackTimerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Sends three requests to the cloud 100 ms apart, then waits 30 s for nothing. */
    private static final class ThreeSends implements DatagramEndpoint {
        private final InetSocketAddress cloud;
        private final ArrayDeque<Outgoing> out = new ArrayDeque<>();
        private long nextSendAt;
        private int sent;

        ThreeSends(InetSocketAddress cloud, long now) {
            this.cloud = cloud;
            this.nextSendAt = now;
        }

        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {}

        @Override
        public Outgoing pollTransmit() {
            return out.pollFirst();
        }

        @Override
        public long nextTimeout() {
            return nextSendAt;
        }

        @Override
        public void handleTimeout(long now) {
            if (now < nextSendAt) {
                return;
            }
            out.add(new Outgoing(
                    cloud, CloudPathTcpFailureTest.request(sent + 1))); // requests: the cloud answers those
            sent++;
            nextSendAt = sent < 3 ? now + 100 : now + 30_000;
        }
    }

    @Test
    void theMoveToTcpHappensWhenTheFallbackIsDueEvenIfTheEndpointSleepsLonger() throws Exception {
        try (CloudPorts ports = CloudPorts.open()) {
            DatagramSocket silent = ports.udp();
            ServerSocket listener = ports.tcp();
            silent.setSoTimeout(5_000);
            listener.setSoTimeout(10_000);
            InetSocketAddress cloud = ports.address();
            UdpEndpointRunner<ThreeSends> runner = UdpEndpointRunner.start(
                    new ThreeSends(cloud, UdpEndpointRunner.now()),
                    UdpEndpointRunner.open(new InetSocketAddress(LOOPBACK, 0)),
                    "fallback",
                    endpoint -> {},
                    cloud);
            try {
                silent.receive(new DatagramPacket(new byte[64], 64)); // the first send: the clock starts
                long first = UdpEndpointRunner.now();
                try (Socket connection = listener.accept()) {
                    long movedAfter = UdpEndpointRunner.now() - first;
                    assertThat(connection.isConnected()).isTrue();
                    // Due at first + 1,400 ms (three sends, none answered, the newest 1,200 ms old);
                    // waking only at the selector's 1 s cap after the last send made it ~2,200.
                    assertThat(movedAfter)
                            .as("ms from the first unanswered send to the TCP connection")
                            .isBetween(CloudFallback.UNANSWERED_MILLIS - 50, 2_000L);
                }
            } finally {
                runner.close();
            }
        }
    }
}
