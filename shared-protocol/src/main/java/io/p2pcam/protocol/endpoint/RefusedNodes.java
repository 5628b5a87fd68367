package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.CloudPathMove;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The cloud nodes that refused this viewer over UDP for rate and to which TCP then failed, within
 * one connect (docs/PROTOCOL.md §3.1, §5.5): what a connect that runs out of time came to there is
 * the cloud limiting this network (perhaps a flood in its name), not a silent cloud, and the user is
 * told so. A node leaves the set when it is heard from again or answers over UDP again. The
 * refusals themselves never reach the endpoint (the runtime acts on them); the moves they cause
 * do, with their reason ({@link DatagramEndpoint#cloudPathChanged}). Not thread-safe.
 */
final class RefusedNodes {
    /** Nodes whose path moved to TCP on a refusal over UDP, and that have not served us since. */
    private final Set<InetSocketAddress> refusedOverUdp = new HashSet<>();
    /** Of those, the ones to which TCP then failed. */
    private final Set<InetSocketAddress> thenTcpFailed = new HashSet<>();

    void moved(InetSocketAddress node, CloudPathMove move) {
        switch (move) {
            case REFUSED_OVER_UDP -> refusedOverUdp.add(node);
            case TCP_FAILED -> {
                if (refusedOverUdp.contains(node)) {
                    thenTcpFailed.add(node);
                }
            }
            // Unanswered over UDP again: the refusals' flood goes on (the cloud refuses at most once
            // a second per bucket, and a flood's own requests draw most of them), nothing learnt.
            case UNANSWERED_OVER_UDP -> {}
            case UDP_WORKS_AGAIN -> heardFrom(node);
        }
    }

    /** {@code node} answered us: it serves this viewer. */
    void heardFrom(InetSocketAddress node) {
        refusedOverUdp.remove(node);
        thenTcpFailed.remove(node);
    }

    /** Whether some node refused us over UDP, TCP to it failed, and it has not served us since. */
    boolean any() {
        return !thenTcpFailed.isEmpty();
    }
}
