package io.p2pcam.runtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads "host:port", "host" (default port) and "[v6]:port" as people type them. */
public final class HostPort {
    private HostPort() {}

    /** An address to send to: the port must be 1–65535. */
    public static InetSocketAddress parse(String text, int defaultPort) {
        return parse(text, defaultPort, 1);
    }

    /**
     * An address to send to, its host name not yet looked up: for callers on a thread that must
     * not wait for DNS (a UI). {@link InetSocketAddress#isUnresolved()} is true for names.
     */
    public static InetSocketAddress parseUnresolved(String text, int defaultPort) {
        return split(text, defaultPort, 1);
    }

    /**
     * The nodes of a cloud as people give them: "HOST:PORT,HOST:PORT,…" (default port where left
     * out), each name looked up for all its addresses, so that one name with several A/AAAA records
     * gives several nodes (in the resolver's order). In order, without repeats.
     */
    public static List<InetSocketAddress> parseAll(String text, int defaultPort) {
        List<InetSocketAddress> named = new ArrayList<>();
        for (String entry : (text == null ? "" : text).split(",", -1)) {
            named.add(split(entry, defaultPort, 1));
        }
        return resolveAll(named);
    }

    /** Every address of every entry of {@code named} (names looked up, literals kept), in order, without repeats. */
    public static List<InetSocketAddress> resolveAll(List<InetSocketAddress> named) {
        Set<InetSocketAddress> nodes = new LinkedHashSet<>();
        for (InetSocketAddress entry : named) {
            if (!entry.isUnresolved()) {
                nodes.add(entry);
                continue;
            }
            try {
                for (InetAddress address : InetAddress.getAllByName(entry.getHostString())) {
                    nodes.add(new InetSocketAddress(address, entry.getPort()));
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve host '" + entry.getHostString() + "'");
            }
        }
        return List.copyOf(nodes);
    }

    /** "ip:port", "[v6]:port": as {@link #parse} reads it back. */
    public static String format(InetSocketAddress address) {
        String host = address.isUnresolved()
                ? address.getHostString()
                : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** An address to bind: port 0 means any free port. */
    public static InetSocketAddress parseBind(String text) {
        return parse(text, 0, 0);
    }

    private static InetSocketAddress parse(String text, int defaultPort, int lowestPort) {
        InetSocketAddress named = split(text, defaultPort, lowestPort);
        InetSocketAddress address = new InetSocketAddress(named.getHostString(), named.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + named.getHostString() + "'");
        }
        return address;
    }

    private static InetSocketAddress split(String text, int defaultPort, int lowestPort) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no address given");
        }
        String host = value;
        int port = defaultPort;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("address " + value + " lacks its closing ']'");
            }
            host = value.substring(1, end);
            if (end + 1 < value.length()) {
                port = port(value.substring(end + 1).replaceFirst("^:", ""), value, lowestPort);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value.substring(value.indexOf(':') + 1), value, lowestPort);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("address " + value + " has no host");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static int port(String text, String whole, int lowest) {
        try {
            int port = Integer.parseInt(text);
            if (port < lowest || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address " + whole + " has no valid port (" + lowest + "-65535)");
        }
    }
}
