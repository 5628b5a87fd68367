package io.p2pcam.runtime;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A neighbour on the LAN that forges mDNS responses (RFC 6762 §18: id 0, QR and AA set), from port
 * 5353 as a real responder does, to the mDNS group on one interface, and listens to the group to
 * count the questions others ask about the names it forged. Forged names start with {@value #PREFIX}.
 */
final class ForgedMdns implements AutoCloseable {
    static final String PREFIX = "forged-";
    static final int FORGED_TTL_SECONDS = Integer.MAX_VALUE;
    private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);

    private final MulticastSocket socket;
    private final Set<String> queriedNames = ConcurrentHashMap.newKeySet();
    private final AtomicInteger questionsAboutForgedNames = new AtomicInteger();
    private final AtomicInteger highestQueried = new AtomicInteger(-1);
    private volatile byte[] watched = new byte[0];
    private final AtomicInteger responsesNamingWatched = new AtomicInteger();

    private ForgedMdns(MulticastSocket socket) {
        this.socket = socket;
        Thread.ofPlatform().daemon().name("forged mdns listener").start(this::listen);
    }

    /** Opens the forger on the interface with address {@code lan}. */
    static ForgedMdns open(InetAddress lan) throws IOException {
        MulticastSocket socket = new MulticastSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(5353));
        NetworkInterface networkInterface = NetworkInterface.getByInetAddress(lan);
        socket.setNetworkInterface(networkInterface);
        socket.joinGroup(GROUP, networkInterface);
        return new ForgedMdns(socket);
    }

    void send(byte[] response) throws IOException {
        socket.send(new DatagramPacket(response, response.length, GROUP));
    }

    /** The forged names (lower case, without the trailing dot) someone asked a question about. */
    Set<String> queriedNames() {
        return Set.copyOf(queriedNames);
    }

    /** How many questions about forged names were asked, all queries counted. */
    int questionsAboutForgedNames() {
        return questionsAboutForgedNames.get();
    }

    /** The highest n of the forged instances {@code PREFIX + n} someone asked a question about; -1 when none. */
    int highestQueried() {
        return highestQueried.get();
    }

    /** Counts from now the responses others send that carry {@code label} (UTF-8), as {@link #responsesNamingWatched}. */
    void watch(String label) {
        responsesNamingWatched.set(0);
        watched = label.getBytes(StandardCharsets.UTF_8);
    }

    int responsesNamingWatched() {
        return responsesNamingWatched.get();
    }

    /** PTR records of {@code type} to the instances {@code PREFIX + n}, n in [first, first + count). */
    static byte[] pointers(String type, int first, int count) {
        ByteArrayOutputStream out = responseHeader(count);
        for (int n = first; n < first + count; n++) {
            writePointer(out, type, n);
        }
        return out.toByteArray();
    }

    /** A records of made-up hosts {@code PREFIX + hex(n) + ".local."}, n in [first, first + count). */
    static byte[] addresses(int first, int count) {
        ByteArrayOutputStream out = responseHeader(count);
        for (int host = first; host < first + count; host++) {
            writeAddress(out, host);
        }
        return out.toByteArray();
    }

    /** Both in one response: JmDNS handles the A records with the PTR records, before telling its listeners. */
    static byte[] pointersAndAddresses(String type, int first, int count) {
        ByteArrayOutputStream out = responseHeader(2 * count);
        for (int n = first; n < first + count; n++) {
            writePointer(out, type, n);
            writeAddress(out, n);
        }
        return out.toByteArray();
    }

    /**
     * Complete announcements, as a camera's responder sends them: for each of {@code announcements},
     * instance {@code PREFIX + n} (n from {@code first} on) with its PTR record of {@code type}, its
     * SRV record (the announcement's port, on host {@code PREFIX + hex(n) + ".local."}), its TXT
     * record (the announcement's keys) and its host's A record.
     */
    static byte[] announcements(String type, int first, List<LanAnnouncement> announcements) {
        ByteArrayOutputStream out = responseHeader(4 * announcements.size());
        for (int i = 0; i < announcements.size(); i++) {
            int n = first + i;
            LanAnnouncement announced = announcements.get(i);
            writePointer(out, type, n);
            byte[] instance = name(PREFIX + n + "." + type);
            out.writeBytes(instance);
            writeShort(out, 33); // SRV
            writeShort(out, 1); // IN
            writeTtl(out);
            byte[] host = name(hostName(n));
            writeShort(out, 6 + host.length);
            writeShort(out, 0); // priority
            writeShort(out, 0); // weight
            writeShort(out, announced.port());
            out.writeBytes(host);
            out.writeBytes(instance);
            writeShort(out, 16); // TXT
            writeShort(out, 1); // IN
            writeTtl(out);
            ByteArrayOutputStream strings = new ByteArrayOutputStream();
            announced.txt().forEach((key, value) -> {
                byte[] string = (key + "=" + value).getBytes(StandardCharsets.UTF_8);
                strings.write(string.length);
                strings.writeBytes(string);
            });
            writeShort(out, strings.size());
            out.writeBytes(strings.toByteArray());
            writeAddress(out, n);
        }
        return out.toByteArray();
    }

    /** Goodbyes (RFC 6762 §10.1: TTL 0) of the PTR records {@link #pointers} sends. */
    static byte[] goodbyes(String type, int first, int count) {
        ByteArrayOutputStream out = responseHeader(count);
        for (int n = first; n < first + count; n++) {
            writePointer(out, type, n, 0);
        }
        return out.toByteArray();
    }

    private static void writePointer(ByteArrayOutputStream out, String type, int n) {
        writePointer(out, type, n, FORGED_TTL_SECONDS);
    }

    private static void writePointer(ByteArrayOutputStream out, String type, int n, int ttl) {
        writeName(out, type);
        writeShort(out, 12); // PTR
        writeShort(out, 1); // IN, shared (no cache-flush bit: many instances share the type's name)
        writeShort(out, ttl >>> 16);
        writeShort(out, ttl & 0xffff);
        byte[] target = name(PREFIX + n + "." + type);
        writeShort(out, target.length);
        out.writeBytes(target);
    }

    private static void writeAddress(ByteArrayOutputStream out, int host) {
        writeName(out, hostName(host));
        writeShort(out, 1); // A
        writeShort(out, 1); // IN
        writeTtl(out);
        writeShort(out, 4);
        out.write(10);
        out.write(host >>> 16);
        out.write(host >>> 8);
        out.write(host);
    }

    private static String hostName(int host) {
        return String.format("%s%07x.local.", PREFIX, host);
    }

    private static ByteArrayOutputStream responseHeader(int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, 0); // id
        writeShort(out, 0x8400); // response, authoritative
        writeShort(out, 0); // questions
        writeShort(out, answers);
        writeShort(out, 0);
        writeShort(out, 0);
        return out;
    }

    private void listen() {
        byte[] buffer = new byte[9_000];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            for (String question : questions(packet.getData(), packet.getLength())) {
                if (question.startsWith(PREFIX)) {
                    queriedNames.add(question);
                    questionsAboutForgedNames.incrementAndGet();
                    String number = question.substring(PREFIX.length()).split("\\.", 2)[0];
                    if (number.chars().allMatch(Character::isDigit) && !number.isEmpty()) {
                        highestQueried.accumulateAndGet(Integer.parseInt(number), Math::max);
                    }
                }
            }
            byte[] label = watched;
            if (label.length > 0
                    && packet.getLength() >= 12
                    && (packet.getData()[2] & 0x80) != 0
                    && contains(packet.getData(), packet.getLength(), label)) {
                responsesNamingWatched.incrementAndGet();
            }
        }
    }

    private static boolean contains(byte[] packet, int length, byte[] label) {
        for (int at = 0; at + label.length <= length; at++) {
            if (java.util.Arrays.equals(packet, at, at + label.length, label, 0, label.length)) {
                return true;
            }
        }
        return false;
    }

    /** The names a query asks about; none for a response or what does not parse. */
    private static List<String> questions(byte[] packet, int length) {
        if (length < 12 || (packet[2] & 0x80) != 0) {
            return List.of();
        }
        int count = (packet[4] & 0xff) << 8 | (packet[5] & 0xff);
        List<String> names = new java.util.ArrayList<>();
        int[] at = {12};
        try {
            for (int i = 0; i < count; i++) {
                names.add(readName(packet, length, at));
                at[0] += 4; // type, class
            }
        } catch (IndexOutOfBoundsException truncated) {
            // keep what parsed
        }
        return names;
    }

    private static String readName(byte[] packet, int length, int[] at) {
        StringBuilder name = new StringBuilder();
        int position = at[0];
        boolean jumped = false;
        for (int hops = 0; hops < 64; hops++) {
            if (position >= length) {
                throw new IndexOutOfBoundsException(position);
            }
            int label = packet[position] & 0xff;
            if (label == 0) {
                if (!jumped) {
                    at[0] = position + 1;
                }
                break;
            }
            if ((label & 0xc0) == 0xc0) {
                if (!jumped) {
                    at[0] = position + 2;
                }
                jumped = true;
                position = (label & 0x3f) << 8 | (packet[position + 1] & 0xff);
                continue;
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(packet, position + 1, label, StandardCharsets.UTF_8));
            position += 1 + label;
        }
        return name.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static byte[] name(String dotted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeName(out, dotted);
        return out.toByteArray();
    }

    private static void writeName(ByteArrayOutputStream out, String dotted) {
        for (String label : dotted.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
    }

    private static void writeTtl(ByteArrayOutputStream out) {
        writeShort(out, FORGED_TTL_SECONDS >>> 16);
        writeShort(out, FORGED_TTL_SECONDS & 0xffff);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    @Override
    public void close() {
        socket.close(); // ends the listener's receive
    }
}
