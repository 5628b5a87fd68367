import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The NAT lab's self-check (RFC 4787 §4 and §5 classification, as RFC 5780's behaviour
 * discovery does it with a STUN server on two addresses). Run with {@code java NatCheck.java}
 * (source launch: no build step, so the lab works before and without Maven).
 *
 * <pre>
 * reflect IP1 IP2 IP3 PORT   the "server": sockets on IP1:PORT, IP1:PORT+1, IP2:PORT, IP3:PORT.
 *                            A request is "mode nonce"; the answer is "nonce observed-ip:port",
 *                            sent from the socket that received it (mode 0), from IP1:PORT+1
 *                            (mode 1: same address, other port) or from IP3:PORT (mode 2: an
 *                            address the client never contacted).
 * probe BINDPORT IP1 IP2 IP3 PORT
 *                            the "client": prints one line "mapping=... filtering=... mapped=..."
 * </pre>
 *
 * Mapping: the public address seen by IP1 and by IP2 is the same (endpoint-independent, EIM) or
 * not (endpoint-dependent, EDM), or equal to the local address (NONE: no NAT). Filtering: the
 * mode 1 answer gets in unless the NAT filters by port (APDF); the mode 2 answer gets in only
 * without filtering (EIF). Mode 1 before mode 2 so an ADF NAT has not yet seen IP3.
 */
public final class NatCheck {
    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("reflect")) {
            reflect(InetAddress.getByName(args[1]), InetAddress.getByName(args[2]), InetAddress.getByName(args[3]),
                    Integer.parseInt(args[4]));
        } else if (args.length == 6 && args[0].equals("probe")) {
            System.out.println(probe(Integer.parseInt(args[1]), InetAddress.getByName(args[2]),
                    InetAddress.getByName(args[3]), InetAddress.getByName(args[4]), Integer.parseInt(args[5])));
        } else {
            System.err.println("usage: NatCheck reflect IP1 IP2 IP3 PORT | probe BINDPORT IP1 IP2 IP3 PORT");
            System.exit(2);
        }
    }

    private static void reflect(InetAddress ip1, InetAddress ip2, InetAddress ip3, int port) throws IOException {
        DatagramSocket main = new DatagramSocket(new InetSocketAddress(ip1, port));
        DatagramSocket otherPort = new DatagramSocket(new InetSocketAddress(ip1, port + 1));
        DatagramSocket second = new DatagramSocket(new InetSocketAddress(ip2, port));
        DatagramSocket third = new DatagramSocket(new InetSocketAddress(ip3, port));
        List<Thread> threads = new ArrayList<>();
        for (DatagramSocket socket : List.of(main, second)) {
            threads.add(Thread.ofPlatform().start(() -> serve(socket, otherPort, third)));
        }
        System.out.println("reflecting on " + ip1 + ", " + ip2 + " port " + port);
        System.out.flush();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void serve(DatagramSocket socket, DatagramSocket otherPort, DatagramSocket third) {
        byte[] buffer = new byte[512];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String[] request = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII).split(" ");
                if (request.length != 2) {
                    continue;
                }
                InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
                byte[] answer = (request[1] + " " + from.getAddress().getHostAddress() + ":" + from.getPort())
                        .getBytes(StandardCharsets.US_ASCII);
                DatagramSocket out = switch (request[0]) {
                    case "1" -> otherPort;
                    case "2" -> third;
                    default -> socket;
                };
                out.send(new DatagramPacket(answer, answer.length, from));
            } catch (IOException e) {
                System.err.println("reflector: " + e);
            }
        }
    }

    private static String probe(int bindPort, InetAddress ip1, InetAddress ip2, InetAddress ip3, int port)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(bindPort))) {
            String first = ask(socket, new InetSocketAddress(ip1, port), 0);
            if (first == null) {
                return "udp=blocked";
            }
            String second = ask(socket, new InetSocketAddress(ip2, port), 0);
            boolean portFiltered = ask(socket, new InetSocketAddress(ip1, port), 1) == null;
            boolean addressFiltered = ask(socket, new InetSocketAddress(ip1, port), 2) == null;
            String local = localAddressTowards(ip1) + ":" + bindPort;
            String mapping = first.equals(local) ? "NONE" : first.equals(second) ? "EIM" : "EDM";
            String filtering = !addressFiltered ? "EIF" : !portFiltered ? "ADF" : "APDF";
            return "udp=ok mapping=" + mapping + " filtering=" + filtering + " mapped=" + first + " mapped2=" + second;
        }
    }

    /** Sends "mode nonce" up to three times; returns the observed address, or null if nothing came back. */
    private static String ask(DatagramSocket socket, InetSocketAddress to, int mode) throws IOException {
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        byte[] request = (mode + " " + nonce).getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[512];
        socket.setSoTimeout(300);
        for (int attempt = 0; attempt < 3; attempt++) {
            socket.send(new DatagramPacket(request, request.length, to));
            long deadline = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String[] answer = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII).split(" ");
                if (answer.length == 2 && answer[0].equals(nonce)) {
                    return answer[1];
                }
            }
        }
        return null;
    }

    private static String localAddressTowards(InetAddress target) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(target, 9);
            return probe.getLocalAddress().getHostAddress();
        }
    }
}
