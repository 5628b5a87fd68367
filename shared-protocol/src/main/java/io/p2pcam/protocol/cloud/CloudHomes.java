package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A camera's registrations with up to {@value #HOMES} cloud nodes at once (docs/PROTOCOL.md §4.9),
 * sans I/O: one {@link CameraRegistration} per home node, each with its own token, ticket,
 * keepalive timer, backoff and forward de-duplication, so that one node's death leaves the camera
 * reachable through the other. With a single node this is exactly one {@link CameraRegistration}.
 *
 * <p>Homes are chosen deterministically: the first two nodes of the list. A home whose registration
 * fails (its requests or keepalives go unanswered, or the node rate-limits it, so that it backs off)
 * moves to the next node of the list that is not a home, cyclically, when there is one; the new
 * registration starts after the re-registration backoff of that home ({@link
 * RetransmitSchedule#REREGISTER}, jittered), so that the cameras of a dead node do not arrive at
 * the spare in step. With no spare node a failed home simply backs off and registers again with
 * the same node when it returns (as a single-node camera does).
 *
 * <p>Feed it the cloud's messages with the node they came from; send each {@link Transmit} to its
 * node. Not thread-safe.
 */
public final class CloudHomes {
    /** How many nodes a camera registers with at once. */
    public static final int HOMES = 2;

    /** A datagram for one node. */
    public record Transmit(InetSocketAddress node, byte[] data) {}

    /** A registration event, and the node it concerns. */
    public record Event(InetSocketAddress node, CameraRegistrationEvent event) {}

    /** One home: the node it is with, its registration (null while waiting to start one). */
    private static final class Home {
        int node;
        CameraRegistration registration;
        long startAt = Long.MAX_VALUE;
        int moves;
    }

    private final CameraIdentity identity;
    private final List<InetSocketAddress> nodes;
    private final RandomGenerator random;
    private final List<Home> homes = new ArrayList<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private List<Candidate> localCandidates;
    private long unauthenticatedForwards;

    /**
     * @param nodes the cloud's nodes in the order given (duplicates are ignored); at least one
     */
    public CloudHomes(
            CameraIdentity identity,
            List<InetSocketAddress> nodes,
            List<Candidate> localCandidates,
            RandomGenerator random,
            long now) {
        List<InetSocketAddress> distinct = nodes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("a camera needs at least one cloud node");
        }
        this.identity = identity;
        this.nodes = distinct;
        this.localCandidates = List.copyOf(localCandidates);
        this.random = random;
        for (int i = 0; i < Math.min(HOMES, distinct.size()); i++) {
            Home home = new Home();
            home.node = i;
            home.registration = new CameraRegistration(identity, this.localCandidates, random, now);
            homes.add(home);
            drain(home);
        }
    }

    /** Every node the camera may register with, in order. */
    public List<InetSocketAddress> nodes() {
        return nodes;
    }

    /** Whether {@code address} is one of the cloud's nodes (its messages and relay frames are the cloud's). */
    public boolean isNode(InetSocketAddress address) {
        return nodes.contains(address);
    }

    /** The nodes the camera is registered with now, in home order. */
    public List<InetSocketAddress> registeredNodes() {
        List<InetSocketAddress> registered = new ArrayList<>();
        for (Home home : homes) {
            if (home.registration != null && home.registration.registration() != null) {
                registered.add(nodes.get(home.node));
            }
        }
        return registered;
    }

    /** The nodes the camera is homed on now (registered or trying to be), in home order. */
    public List<InetSocketAddress> homeNodes() {
        return homes.stream().map(home -> nodes.get(home.node)).toList();
    }

    /** The registration with {@code node}, or null if the camera is not homed there. */
    public CameraRegistration registration(InetSocketAddress node) {
        Home home = homeOf(node);
        return home == null ? null : home.registration;
    }

    /**
     * The cloud pass key {@code node} gave the camera (docs/PROTOCOL.md §4.8, §5.3), or
     * {@link Bytes#EMPTY}: nodes that share a pass secret (a cluster) give the same one.
     */
    public Bytes cloudPassKey(InetSocketAddress node) {
        Home home = homeOf(node);
        return home == null || home.registration == null ? Bytes.EMPTY : home.registration.cloudPassKey();
    }

    /** A message from {@code from}; ignored unless {@code from} is a home node. */
    public void handleMessage(CloudMessage message, InetSocketAddress from, long now) {
        Home home = homeOf(from);
        if (home == null || home.registration == null) {
            return; // a node we left, or no node of ours: nothing outstanding there
        }
        long unauthenticatedBefore = home.registration.unauthenticatedForwards();
        home.registration.handleMessage(message, now);
        unauthenticatedForwards += home.registration.unauthenticatedForwards() - unauthenticatedBefore;
        afterChange(home, now);
    }

    /** CONNECT_FORWARDs from a home node dropped because their tag did not verify (§4.7), over all homes so far. */
    public long unauthenticatedForwards() {
        return unauthenticatedForwards;
    }

    /**
     * Answers a forwarded connect request through the node that forwarded it (forward IDs are each
     * node's own). Nothing is sent if the camera has left that node meanwhile.
     */
    public void answer(
            InetSocketAddress node, long forwardId, boolean accept, List<Candidate> candidates, Bytes handshake) {
        Home home = homeOf(node);
        if (home != null && home.registration != null) {
            home.registration.answer(forwardId, accept, candidates, handshake);
            drain(home);
        }
    }

    /** The camera's interfaces changed: every home registers again with the new candidates. */
    public void updateLocalCandidates(List<Candidate> candidates, long now) {
        localCandidates = List.copyOf(candidates);
        for (Home home : homes) {
            if (home.registration != null) {
                home.registration.updateLocalCandidates(localCandidates, now);
                drain(home);
            }
        }
    }

    /** The camera reaches {@code node} over another transport now: that home starts its registration over. */
    public void pathChanged(InetSocketAddress node, long now) {
        Home home = homeOf(node);
        if (home != null && home.registration != null) {
            home.registration.pathChanged(now);
            drain(home);
        }
    }

    public long nextTimeout() {
        long next = Long.MAX_VALUE;
        for (Home home : homes) {
            next = Math.min(next, home.registration == null ? home.startAt : home.registration.nextTimeout());
        }
        return next;
    }

    public void handleTimeout(long now) {
        for (Home home : homes) {
            if (home.registration == null) {
                if (now >= home.startAt) {
                    home.startAt = Long.MAX_VALUE;
                    home.registration = new CameraRegistration(identity, localCandidates, random, now);
                    drain(home);
                }
            } else if (now >= home.registration.nextTimeout()) {
                home.registration.handleTimeout(now);
                afterChange(home, now);
            }
        }
    }

    /** The next datagram for a node, or null. */
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    public Event pollEvent() {
        return events.poll();
    }

    private void afterChange(Home home, long now) {
        drain(home);
        if (home.registration.state() == CameraRegistration.State.BACKING_OFF) {
            moveToSpare(home, now);
        } else if (home.registration.registration() != null) {
            home.moves = 0;
        }
    }

    /** The home's node failed: go to the next node that is no home, if there is one. */
    private void moveToSpare(Home home, long now) {
        for (int step = 1; step < nodes.size(); step++) {
            int candidate = (home.node + step) % nodes.size();
            if (homes.stream().noneMatch(other -> other.node == candidate)) {
                home.node = candidate;
                home.registration = null;
                home.startAt = now + RetransmitSchedule.REREGISTER.delay(home.moves++, random);
                return;
            }
        }
        // No spare node: the registration backs off and tries the same node again.
    }

    private void drain(Home home) {
        InetSocketAddress node = nodes.get(home.node);
        CameraRegistrationEvent event;
        while ((event = home.registration.pollEvent()) != null) {
            events.add(new Event(node, event));
        }
        byte[] datagram;
        while ((datagram = home.registration.pollTransmit()) != null) {
            transmits.add(new Transmit(node, datagram));
        }
    }

    private Home homeOf(InetSocketAddress node) {
        for (Home home : homes) {
            if (nodes.get(home.node).equals(node)) {
                return home;
            }
        }
        return null;
    }
}
