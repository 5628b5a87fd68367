package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * In-memory nodes of a cluster wired as the edge wires them (ClusterNode), on the test's thread:
 * hand-overs and results go from node to node at once, the registry's commands to the test.
 */
final class ClusterWires {
    /** What the test does with a registry command ({@code Publish}, {@code Withdraw}, {@code Resolve}) of a node. */
    interface Registry {
        void command(String node, Rendezvous core, ClusterCommand command);
    }

    private ClusterWires() {}

    /**
     * Carries every node's datagrams to {@code sent} (decoded, with their destination) and its
     * cluster commands to the other nodes or {@code registry}, until all are quiet.
     */
    static void pump(
            Map<String, Rendezvous> nodes,
            Registry registry,
            BiConsumer<InetSocketAddress, CloudMessage> sent,
            long now) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Map.Entry<String, Rendezvous> entry : nodes.entrySet()) {
                Rendezvous core = entry.getValue();
                moved |= drainTransmits(core, sent);
                for (ClusterCommand command = core.pollClusterCommand();
                        command != null;
                        command = core.pollClusterCommand()) {
                    moved = true;
                    switch (command) {
                        case ClusterCommand.ForwardConnect f ->
                            nodes.get(f.node())
                                    .remoteConnect(
                                            entry.getKey(),
                                            f.exchange(),
                                            f.viewer(),
                                            f.requestBytes(),
                                            f.request(),
                                            now);
                        case ClusterCommand.ReturnResult r ->
                            nodes.get(r.node()).remoteResult(r.exchange(), r.result(), now);
                        default -> registry.command(entry.getKey(), core, command);
                    }
                }
            }
        }
    }

    /** Carries what {@code core} sends to {@code sent}, decoded; whether there was anything. */
    static boolean drainTransmits(Rendezvous core, BiConsumer<InetSocketAddress, CloudMessage> sent) {
        boolean any = false;
        for (Transmit t = core.pollTransmit(); t != null; t = core.pollTransmit()) {
            any = true;
            try {
                sent.accept(t.to(), CloudCodec.decode(t.data(), 0, t.data().length));
            } catch (CloudDecodeException e) {
                throw new AssertionError(e);
            }
        }
        return any;
    }
}
