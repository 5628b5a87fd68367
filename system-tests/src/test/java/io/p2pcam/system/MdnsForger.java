package io.p2pcam.system;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * A LAN neighbour forging mDNS announcements of p2pcam cameras (docs/THREAT_MODEL.md, "LAN
 * neighbour"), run as its own process in a namespace of {@link LanFloodLabTest}'s LAN: from port
 * 5353 to 224.0.0.251 on interface eth0, complete announcements (PTR, SRV, TXT and A records, as
 * a camera's responder sends them, RFC 6762 §18 header) of fresh made-up IDs, each at a made-up
 * address (the A record costs a forger nothing to vary), and, given a camera's ID, claims of it at
 * this forger's own address, where nothing answers. Its instance and camera names start with its
 * tag. Prints "forging" once its socket is open, then floods until killed.
 *
 * <p>Arguments: TAG [CLAIMED_CAMERA_ID].
 */
public final class MdnsForger {
    private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);
    /** Four records each: a response well within JmDNS's 8,972-byte datagram. */
    private static final int PER_PACKET = 16;
    /** Claims of the real camera's ID per forger: as many as the ID has places of its own (0063). */
    private static final int CLAIMS = 4;

    private static final int CLAIM_PORT = 40_000;
    /** 160 made-up cameras a second per forger: far more than its share of the list. */
    private static final long PACKET_INTERVAL_MILLIS = 100;

    private static final int TTL_SECONDS = 4_500;

    private MdnsForger() {}

    public static void main(String[] args) throws Exception {
        String tag = args[0];
        CameraId claimed = args.length > 1 ? CameraId.parse(args[1]) : null;
        NetworkInterface lan = NetworkInterface.getByName("eth0");
        InetAddress own = lan.inetAddresses()
                .filter(Inet4Address.class::isInstance)
                .findFirst()
                .orElseThrow();
        SecureRandom random = new SecureRandom();
        try (MulticastSocket socket = new MulticastSocket(null)) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(5353));
            socket.setNetworkInterface(lan);
            socket.setTimeToLive(255); // RFC 6762 §11
            System.out.println("forging");
            System.out.flush();
            for (int packet = 0; ; packet++) {
                Response response = new Response();
                if (claimed != null && packet % 5 == 0) { // the claims again, every half second
                    for (int claim = 0; claim < CLAIMS; claim++) {
                        response.announce(
                                new LanAnnouncement(claimed, tag + " claim " + claim, CLAIM_PORT), own.getAddress());
                    }
                }
                for (int i = 0; i < PER_PACKET; i++) {
                    int made = packet * PER_PACKET + i;
                    CameraId fresh = CameraIdentity.generate(random).id();
                    byte[] madeUpAddress = {(byte) 198, (byte) 19, (byte) (made >>> 8), (byte) made};
                    response.announce(new LanAnnouncement(fresh, tag + " fake " + made, 40_001), madeUpAddress);
                }
                byte[] bytes = response.bytes();
                socket.send(new DatagramPacket(bytes, bytes.length, GROUP));
                Thread.sleep(PACKET_INTERVAL_MILLIS);
            }
        }
    }

    /** One mDNS response (id 0, QR and AA set), its answers added four records per announcement. */
    private static final class Response {
        private final ByteArrayOutputStream answers = new ByteArrayOutputStream();
        private int count;

        void announce(LanAnnouncement announced, byte[] address) {
            String instance = announced.instanceName() + "." + LanAnnouncement.SERVICE_TYPE;
            String host = announced.instanceName().replace(' ', '-') + ".local.";
            record(LanAnnouncement.SERVICE_TYPE, 12, name(instance)); // PTR, shared: no cache-flush bit
            ByteArrayOutputStream srv = new ByteArrayOutputStream();
            writeShort(srv, 0); // priority
            writeShort(srv, 0); // weight
            writeShort(srv, announced.port());
            srv.writeBytes(name(host));
            record(instance, 33, srv.toByteArray());
            ByteArrayOutputStream txt = new ByteArrayOutputStream();
            for (Map.Entry<String, String> entry : announced.txt().entrySet()) {
                byte[] string = (entry.getKey() + "=" + entry.getValue()).getBytes(StandardCharsets.UTF_8);
                txt.write(string.length);
                txt.writeBytes(string);
            }
            record(instance, 16, txt.toByteArray());
            record(host, 1, address);
        }

        private void record(String owner, int type, byte[] data) {
            answers.writeBytes(name(owner));
            writeShort(answers, type);
            writeShort(answers, 1); // IN
            writeShort(answers, TTL_SECONDS >>> 16);
            writeShort(answers, TTL_SECONDS & 0xffff);
            writeShort(answers, data.length);
            answers.writeBytes(data);
            count++;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeShort(out, 0); // id
            writeShort(out, 0x8400); // response, authoritative
            writeShort(out, 0); // questions
            writeShort(out, count);
            writeShort(out, 0);
            writeShort(out, 0);
            out.writeBytes(answers.toByteArray());
            return out.toByteArray();
        }

        private static byte[] name(String dotted) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String label : dotted.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
            out.write(0);
            return out.toByteArray();
        }

        private static void writeShort(ByteArrayOutputStream out, int value) {
            out.write(value >>> 8);
            out.write(value);
        }
    }
}
