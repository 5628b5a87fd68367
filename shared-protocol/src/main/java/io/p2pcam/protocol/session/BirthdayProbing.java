package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Candidate;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Birthday probing for a pair where one NAT maps each destination to a new random port
 * (endpoint-dependent, "hard") and the other keeps one port ("easy"), after Tailscale's "How NAT
 * traversal works": the hard side sends from many sockets of its own to the easy side's public
 * address, opening that many random ports on its NAT towards it; the easy side sends to random
 * ports of the hard side's public IP. A probe that hits an open port crosses both NATs, and the
 * usual PROBE/PROBE_ACK exchange fixes the path. With 256 ports open, 1,024 random probes find
 * one with probability 1 − (1 − 256/64,512)^1024 ≈ 98 %.
 *
 * <p>Which side does what is read off the peer's candidates: a peer whose public port equals one
 * of its own local ports sits behind a port-preserving NAT and looks easy, so this side sprays
 * (it may be the hard one); a peer whose port was rewritten looks hard, so this side scans. Two
 * hard-looking peers both scan, which cannot work (that pair needs ~170k probes a side): the
 * relay carries it, and the scan's bounds keep the waste small. Both roles are bounded in count
 * and rate, and the session stops asking as soon as it has a direct path. Not thread-safe.
 */
final class BirthdayProbing {
    /**
     * @param sockets ports the spraying side opens (extra local sockets)
     * @param probes random ports the scanning side tries
     * @param sprayPerSecond sockets opened a second by the spraying side (one probe each, all to one
     *        address: fast, so the ports are open while the other side scans)
     * @param scanPerSecond random ports probed a second by the scanning side (Tailscale's 100)
     * @param afterMillis start this long after the session when no direct path answered yet
     */
    record Limits(int sockets, int probes, int sprayPerSecond, int scanPerSecond, long afterMillis) {
        static final Limits DEFAULT = new Limits(256, 1024, 1000, 100, 500);
    }

    enum Role {
        SPRAY,
        SCAN,
        NONE
    }

    /** One probe: to {@code to}, sent from extra local socket {@code socket} (0 is the main socket). */
    record Probe(InetSocketAddress to, int socket) {}

    private static final int LOWEST_PORT = 1024;
    private final Limits limits;
    private final RandomGenerator random;
    private final Role role;
    private final InetSocketAddress peer;
    private final BitSet tried = new BitSet(65536);
    private int sent;
    private long nextAt;

    BirthdayProbing(List<Candidate> peerCandidates, Limits limits, RandomGenerator random, long start) {
        this.limits = limits;
        this.random = random;
        this.peer = peerCandidates.stream()
                .filter(c -> c.kind() == Candidate.Kind.REFLEXIVE)
                .map(Candidate::address)
                .findFirst()
                .orElse(null);
        this.role = peer == null
                        || peerCandidates.stream()
                                .anyMatch(c -> c.kind() == Candidate.Kind.LOCAL
                                        && c.address().equals(peer))
                ? Role.NONE // no NAT in front of the peer: nothing to guess
                : looksPortPreserving(peerCandidates, peer) ? Role.SPRAY : Role.SCAN;
        this.nextAt = start + limits.afterMillis();
    }

    private static boolean looksPortPreserving(List<Candidate> candidates, InetSocketAddress reflexive) {
        return candidates.stream()
                .anyMatch(c -> c.kind() == Candidate.Kind.LOCAL && c.address().getPort() == reflexive.getPort());
    }

    Role role() {
        return role;
    }

    int sent() {
        return sent;
    }

    private int budget() {
        return switch (role) {
            case SPRAY -> limits.sockets();
            case SCAN -> limits.probes();
            case NONE -> 0;
        };
    }

    /** When the next probe is due, or {@link Long#MAX_VALUE} when the role is done. */
    long nextAt() {
        return sent >= budget() ? Long.MAX_VALUE : nextAt;
    }

    /** The next probe if one is due at {@code now}, else null. */
    Probe next(long now) {
        if (now < nextAt() || nextAt() == Long.MAX_VALUE) {
            return null;
        }
        sent++;
        double gap = 1000.0 / (role == Role.SPRAY ? limits.sprayPerSecond() : limits.scanPerSecond());
        nextAt = Math.max(nextAt, now) + (long) Math.floor(gap) + (random.nextDouble() < gap % 1 ? 1 : 0);
        if (role == Role.SPRAY) {
            return new Probe(peer, sent); // socket 1, 2, …: each a new mapping on our NAT towards the peer
        }
        int port;
        do {
            port = LOWEST_PORT + random.nextInt(65536 - LOWEST_PORT);
        } while (tried.get(port));
        tried.set(port);
        return new Probe(new InetSocketAddress(peer.getAddress(), port), 0);
    }
}
