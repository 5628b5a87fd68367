package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Candidate;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;

/**
 * Which of a peer's candidates this end can send to at all: those of an address family (IPv4,
 * IPv6) that one of our own candidates has. Our candidates are what our socket is bound to (or,
 * for a wildcard socket, the host's addresses the JVM can use), so a family we have none of is one
 * we have no address, and often no socket support, to send from: an IPv6 candidate offered to an
 * IPv4-only camera is dropped when received, not tried (and failed) on every probe.
 */
final class ReachableCandidates {
    private ReachableCandidates() {}

    /** {@code peer}'s candidates of a family {@code local} has; all of them when {@code local} is empty (unknown). */
    static List<Candidate> of(List<Candidate> peer, List<Candidate> local) {
        if (local.isEmpty()) {
            return peer;
        }
        boolean v4 = local.stream().anyMatch(c -> c.ip() instanceof Inet4Address);
        boolean v6 = local.stream().anyMatch(c -> c.ip() instanceof Inet6Address);
        return peer.stream()
                .filter(c -> c.ip() instanceof Inet4Address ? v4 : v6)
                .toList();
    }
}
