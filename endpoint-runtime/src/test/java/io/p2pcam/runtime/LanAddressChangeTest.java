package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A camera a browser holds comes back at a new address under the same instance and host name (a
 * new DHCP lease after a crash, with no goodbye): its responder announces the new address record
 * only (RFC 6762 §8.3, the cache-flush bit set, repeated a second apart), the PTR, SRV and TXT
 * records unchanged. The browser must show the new address while it keeps browsing. The camera
 * here is written out packet by packet, since a second JmDNS would need a second address on the
 * interface; the addresses it announces are documentation addresses nothing dials.
 */
@Tag("realtime")
class LanAddressChangeTest {
    private static final InetSocketAddress MDNS = new InetSocketAddress("224.0.0.251", 5353);
    private static final String HOST = "p2pcam-address-test.local.";

    @Test
    void aBrowserFollowsAHeldCamerasNewAddressRecord() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        JmdnsGoodbye.install();
        LanAnnouncement camera =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Porch", 40_997);
        InetAddress before = InetAddress.getByName("203.0.113.50");
        InetAddress after = InetAddress.getByName("203.0.113.51");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        List<List<LanBrowser.Found>> heard = new CopyOnWriteArrayList<>();
        try (LanBrowser browser = LanBrowser.start(heard::add);
                MulticastSocket responder = new MulticastSocket(new InetSocketAddress(lan, 0))) {
            responder.setNetworkInterface(NetworkInterface.getByInetAddress(lan));
            responder.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            Thread announcing = Thread.ofVirtual().start(() -> announce(responder, everything(camera, before)));
            Eventually.await(
                    "the camera found at its first address", Duration.ofSeconds(10), () -> at(browser, camera, before));
            announcing.join();

            // Its new lease: the new address record alone, announced as RFC 6762 §8.3 says.
            Thread.ofVirtual().start(() -> announce(responder, response(address(after))));
            Eventually.await("the camera's new address", Duration.ofSeconds(8), () -> at(browser, camera, after));
        }
        // For a second after the new record JmDNS keeps the old one too (RFC 6762 §10.2): a list
        // that has both must have the new one first, as the one to try.
        for (List<LanBrowser.Found> list : heard) {
            for (LanBrowser.Found found : list) {
                if (found.addresses().contains(after)) {
                    assertThat(found.addresses().getFirst())
                            .as("the newest address first, in %s", list)
                            .isEqualTo(after);
                }
            }
        }
    }

    private static boolean at(LanBrowser browser, LanAnnouncement camera, InetAddress address) {
        return browser.found().stream()
                .anyMatch(found -> found.announcement().equals(camera)
                        && found.address().equals(new InetSocketAddress(address, camera.port())));
    }

    /** Sends {@code packet} as a responder announces: twice, a second apart (RFC 6762 §8.3), and thrice more. */
    private static void announce(MulticastSocket responder, byte[] packet) {
        try {
            for (int i = 0; i < 5 && !responder.isClosed(); i++) {
                responder.send(new DatagramPacket(packet, packet.length, MDNS));
                Thread.sleep(1_000); // the announcement's own spacing, not a wait for a condition
            }
        } catch (IOException | InterruptedException e) {
            // the test ended
        }
    }

    private static byte[] everything(LanAnnouncement camera, InetAddress address) {
        String instance = camera.instanceName() + "." + LanAnnouncement.SERVICE_TYPE;
        return response(
                record(LanAnnouncement.SERVICE_TYPE, 12, false, name(instance)),
                record(instance, 33, true, service(camera.port())),
                record(instance, 16, true, text(camera.txt())),
                address(address));
    }

    private static byte[] address(InetAddress address) {
        return record(HOST, 1, true, address.getAddress());
    }

    private static byte[] response(byte[]... records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeShort(0); // ID
            out.writeShort(0x8400); // a response, authoritative
            out.writeShort(0);
            out.writeShort(records.length);
            out.writeShort(0);
            out.writeShort(0);
            for (byte[] record : records) {
                out.write(record);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] record(String name, int type, boolean unique, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(name(name));
            out.writeShort(type);
            out.writeShort(unique ? 0x8001 : 0x0001); // IN, with the cache-flush bit for a unique record
            out.writeInt(120);
            out.writeShort(data.length);
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] service(int port) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeShort(0); // priority
            out.writeShort(0); // weight
            out.writeShort(port);
            out.write(name(HOST));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] text(Map<String, String> txt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        txt.forEach((key, value) -> {
            byte[] entry = (key + "=" + value).getBytes(StandardCharsets.UTF_8);
            bytes.write(entry.length);
            bytes.write(entry, 0, entry.length);
        });
        return bytes.toByteArray();
    }

    private static byte[] name(String dotted) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            byte[] utf8 = label.getBytes(StandardCharsets.UTF_8);
            bytes.write(utf8.length);
            bytes.write(utf8, 0, utf8.length);
        }
        bytes.write(0);
        return bytes.toByteArray();
    }
}
