package io.p2pcam.viewer.config;

import java.util.List;

/**
 * Which cloud the viewer asks for cameras: the servers the user typed, tried in order, or a cloud
 * the viewer hosts itself on this PC (for self-hosting, or a home LAN without internet).
 *
 * @param servers HOST[:PORT] entries, in the order to try; may be empty when hosting
 * @param hostOnThisPc run the bundled cloud in-process and use it
 * @param hostedPort the UDP port the hosted cloud listens on (cameras point here)
 */
public record CloudChoice(List<String> servers, boolean hostOnThisPc, int hostedPort) {
    public static final int DEFAULT_PORT = 32100;

    public CloudChoice {
        servers = servers == null
                ? List.of()
                : servers.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (hostedPort < 0 || hostedPort > 65_535) {
            throw new IllegalArgumentException("hosted cloud port " + hostedPort + " is not a UDP port");
        }
    }

    /** A fresh install: the local cloud on the default port, until the user names a server. */
    public static CloudChoice defaults() {
        return new CloudChoice(List.of("127.0.0.1:" + DEFAULT_PORT), false, DEFAULT_PORT);
    }
}
