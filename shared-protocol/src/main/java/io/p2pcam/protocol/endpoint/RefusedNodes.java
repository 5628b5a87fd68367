package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.CloudPathMove;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The cloud nodes that refused this viewer over UDP for rate and to which TCP then failed, within
 * one connect (docs/PROTOCOL.md §3.1, §5.5): what a connect that runs out of time came to there is
 * the cloud limiting this network (perhaps a flood in its name), not a silent cloud, and the user is
 * told so. A node's mark goes when it is heard from again or answers over UDP again, and
 * {@value #MARK_MILLIS} ms after TCP failed without a new refusal and failure (decision 0074): the
 * runtime tries TCP to a node again within 60 s of a failure (§3.1), so while the cloud goes on
 * refusing, a new refusal and failure come before the mark lapses; when nothing came for that
 * long, the evidence is stale and a silent cloud is reported as silent. The refusals themselves
 * never reach the endpoint (the runtime acts on them); the moves they cause do, with their reason
 * ({@link DatagramEndpoint#cloudPathChanged}). Sans I/O, time passed in; not thread-safe.
 */
final class RefusedNodes {
    /** How long a refusal, and a mark after TCP failed, count: the 60 s TCP retry cap, its try, and room. */
    static final long MARK_MILLIS = 90_000;

    /** Nodes whose path moved to TCP on a refusal over UDP, with when, that have not served us since. */
    private final Map<InetSocketAddress, Long> refusedOverUdpAt = new HashMap<>();
    /** Of those, the ones to which TCP then failed, with when their mark lapses. */
    private final Map<InetSocketAddress, Long> limitedUntil = new HashMap<>();

    void moved(InetSocketAddress node, CloudPathMove move, long now) {
        switch (move) {
            case REFUSED_OVER_UDP -> refusedOverUdpAt.put(node, now);
            case TCP_FAILED -> {
                Long refusedAt = refusedOverUdpAt.get(node);
                if (refusedAt != null && now - refusedAt < MARK_MILLIS) {
                    limitedUntil.put(node, now + MARK_MILLIS);
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
        refusedOverUdpAt.remove(node);
        limitedUntil.remove(node);
    }

    /** Whether some node refused us over UDP, TCP to it failed, it has not served us since, and its mark holds at {@code now}. */
    boolean any(long now) {
        limitedUntil.values().removeIf(until -> until <= now);
        refusedOverUdpAt.values().removeIf(at -> now - at >= MARK_MILLIS);
        return !limitedUntil.isEmpty();
    }
}
