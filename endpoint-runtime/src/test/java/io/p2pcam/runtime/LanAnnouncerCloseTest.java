package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Closing a camera's LAN announcement says goodbye (TTL 0, docs/PROTOCOL.md §10.8) and returns at
 * once: it runs when a camera stops (Ctrl-C, systemd), which must not wait on it for seconds. A
 * browser (viewer, probe) closes at once too.
 */
@Tag("realtime")
class LanAnnouncerCloseTest {
    private static final InetSocketAddress MDNS_GROUP = new InetSocketAddress("224.0.0.251", 5353);

    @Test
    void closeSendsTheGoodbyeAndReturnsWithinHalfASecond() throws Exception {
        List<InetAddress> interfaces = LanInterfaces.multicastCapable();
        assumeFalse(interfaces.isEmpty(), "this host has no multicast-capable network interface: mDNS cannot run here");
        LanAnnouncement announcement =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Closing porch", 40_998);
        String instance = announcement.instanceName() + "." + LanAnnouncement.SERVICE_TYPE;
        try (MdnsListener listener = new MdnsListener(interfaces.getFirst())) {
            LanAnnouncer announcer = LanAnnouncer.start(announcement);
            try {
                Eventually.await(
                        "the camera's announcement",
                        Duration.ofSeconds(10),
                        () -> listener.records(instance).stream().anyMatch(r -> r.getTTL() > 0));
            } catch (AssertionError | RuntimeException e) {
                announcer.close();
                throw e;
            }

            long start = System.nanoTime();
            announcer.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofMillis(500));
            Eventually.await(
                    "the camera's goodbye (its records with TTL 0)",
                    Duration.ofSeconds(2),
                    () -> listener.records(instance).stream().anyMatch(r -> r.getTTL() == 0));
        }
    }

    @Test
    void aBrowserClosesWithinHalfASecondEveryTime() {
        assumeFalse(
                LanInterfaces.multicastCapable().isEmpty(),
                "this host has no multicast-capable network interface: mDNS cannot run here");
        // Several times: JmDNS's close() may also lose a second waiting for its socket's thread, by chance.
        for (int i = 0; i < 5; i++) {
            LanBrowser browser = LanBrowser.start();

            long start = System.nanoTime();
            browser.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("close number %d", i + 1).isLessThan(Duration.ofMillis(500));
        }
    }

    /** Every mDNS answer seen on one interface, as JmDNS parses it. */
    private static final class MdnsListener implements AutoCloseable {
        private final MulticastSocket socket;
        private final List<DNSRecord> answers = new CopyOnWriteArrayList<>();

        MdnsListener(InetAddress address) throws IOException {
            socket = new MulticastSocket(MDNS_GROUP.getPort()); // SO_REUSEADDR, as every mDNS socket
            socket.joinGroup(MDNS_GROUP, NetworkInterface.getByInetAddress(address));
            Thread.ofPlatform().name("mdns listener").daemon().start(this::receive);
        }

        private void receive() {
            byte[] buffer = new byte[9000];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    answers.addAll(new DNSIncoming(packet).getAllAnswers());
                } catch (IOException e) {
                    // closed, or not a DNS message: nothing to record
                }
            }
        }

        List<DNSRecord> records(String name) {
            return answers.stream()
                    .filter(r -> r.getName().equalsIgnoreCase(name))
                    .toList();
        }

        @Override
        public void close() {
            socket.close(); // ends the receiving thread, a daemon
        }
    }
}
