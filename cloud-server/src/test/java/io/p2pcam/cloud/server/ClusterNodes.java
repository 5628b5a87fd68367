package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.ClusterLimits;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.URI;
import java.util.function.IntFunction;

/**
 * Starts an in-process cluster node on a free UDP port. A node must advertise its address before
 * it binds, so the port is picked by binding port 0 and closing it; another process can take it in
 * between (about once in tens of thousands of starts). Then the node refuses to start with {@link
 * PortInUseException} and nothing of it is left running, so a new port is picked: the race is the
 * test's, not the product's.
 */
final class ClusterNodes {
    private static final int ATTEMPTS = 5;

    private ClusterNodes() {}

    /** A node of the cluster at {@code registry}, with the settings {@code settingsForPort} gives for its port. */
    static CloudServer start(URI registry, IntFunction<CloudServerSettings> settingsForPort) throws IOException {
        return start(registry, ClusterLimits.defaults(), settingsForPort);
    }

    /** {@link #start(URI, IntFunction)}, the node using at most {@code limits} of the registry. */
    static CloudServer start(URI registry, ClusterLimits limits, IntFunction<CloudServerSettings> settingsForPort)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freeUdpPort();
            try {
                return CloudServer.start(
                        settingsForPort.apply(port),
                        new ClusterSettings(registry, "127.0.0.1:" + port).withLimits(limits));
            } catch (PortInUseException taken) {
                if (attempt == ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
