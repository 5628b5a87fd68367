package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.CloudPathMove;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The runner's {@link CloudPath} to each of the cloud's nodes, each switching between UDP and TCP
 * on its own (a dead node's does not move the others to TCP). Loop-thread only, except
 * {@link #anyOverTcp()}.
 */
final class CloudPaths implements AutoCloseable {
    private final List<CloudPath> paths;

    CloudPaths(List<InetSocketAddress> nodes, Selector selector) {
        this.paths = nodes.stream().map(node -> new CloudPath(node, selector)).toList();
    }

    boolean anyOverTcp() {
        return paths.stream().anyMatch(CloudPath::overTcp);
    }

    /** When the earliest path may switch to TCP ({@link #check} is due; {@code now} at once), or Long.MAX_VALUE. */
    long nextCheckAt(long now) {
        long next = Long.MAX_VALUE;
        for (CloudPath path : paths) {
            next = Math.min(next, path.nextCheckAt(now));
        }
        return next;
    }

    /** {@code link} is ready: its datagrams go to {@code deliver} as from its node. */
    void onTcpReady(CloudTcpLink link, BiConsumer<InetSocketAddress, byte[]> deliver) {
        for (CloudPath path : paths) {
            if (path.owns(link)) {
                path.onTcpReady(link, datagram -> deliver.accept(path.cloud(), datagram));
            }
        }
    }

    /**
     * Lets each path switch if it should, telling {@code changed} of each that did, and hands
     * {@code overUdp} the UDP probes that are due (paths on TCP asking whether UDP works again).
     */
    void check(
            long now,
            BiConsumer<InetSocketAddress, CloudPathMove> changed,
            BiConsumer<InetSocketAddress, byte[]> overUdp) {
        for (CloudPath path : paths) {
            if (path.check(now)) {
                changed.accept(path.cloud(), path.lastMove());
            }
            byte[] probe = path.udpProbe(now);
            if (probe != null) {
                overUdp.accept(path.cloud(), probe);
            }
        }
    }

    /** A datagram came over UDP; returns whether it was a path's own (the answer to its probe, a refusal for rate). */
    boolean heardOverUdp(InetSocketAddress from, byte[] data, int length) {
        for (CloudPath path : paths) {
            if (path.heardOverUdp(from, data, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A datagram the endpoint sends to {@code to}: counted by its node's path (requests expect an
     * answer; relay frames and CONNECT_ANSWER do not) and sent over TCP if that is the path now. Returns whether it
     * went over TCP; if not, the caller sends it over UDP.
     */
    boolean sentOverTcp(InetSocketAddress to, byte[] data, long now) {
        for (CloudPath path : paths) {
            if (path.isCloud(to)) {
                return path.send(data, now);
            }
        }
        return false;
    }

    @Override
    public void close() {
        paths.forEach(CloudPath::close);
    }
}
