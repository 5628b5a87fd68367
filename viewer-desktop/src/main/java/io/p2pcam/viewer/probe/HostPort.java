package io.p2pcam.viewer.probe;

import java.net.InetSocketAddress;

/** Reads "host:port", "host" (default port) and "[v6]:port" as people type them. */
public final class HostPort {
    private HostPort() {
    }

    public static InetSocketAddress parse(String text, int defaultPort) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no cloud address given");
        }
        String host = value;
        int port = defaultPort;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("cloud address " + value + " lacks its closing ']'");
            }
            host = value.substring(1, end);
            if (end + 1 < value.length()) {
                port = port(value.substring(end + 1).replaceFirst("^:", ""), value);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value.substring(value.indexOf(':') + 1), value);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve cloud host '" + host + "'");
        }
        return address;
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cloud address " + whole + " has no valid port (1-65535)");
        }
    }
}
