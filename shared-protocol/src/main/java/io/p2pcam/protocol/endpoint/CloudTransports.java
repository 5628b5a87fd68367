package io.p2pcam.protocol.endpoint;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The cloud nodes an endpoint reaches over TCP now (docs/PROTOCOL.md §3.1: the runtime says so
 * with {@link DatagramEndpoint#cloudPathChanged}). A side on TCP to the node that brokers its
 * session probes that node's relay at once instead of after the usual second (§10.4): its cloud
 * answered no UDP, so a direct UDP path is unlikely, and the relay, reached over the same TCP
 * connection, is what it will use; a direct path that works still takes over later.
 */
final class CloudTransports {
    private final Set<InetSocketAddress> overTcp = new HashSet<>();

    void changed(InetSocketAddress cloud, boolean tcp) {
        if (tcp) {
            overTcp.add(cloud);
        } else {
            overTcp.remove(cloud);
        }
    }

    /** Whether {@code node} (null: none, a LAN session) is reached over TCP now. */
    boolean overTcp(InetSocketAddress node) {
        return node != null && overTcp.contains(node);
    }
}
