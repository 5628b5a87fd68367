package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.random.RandomGenerator;

/**
 * The relay (docs/PROTOCOL.md §7): one session per accepted connect while the relay is on, found
 * by its 64-bit ticket. The rules, each against an attack of issue 13:
 * <ul>
 *   <li>a frame counts only if its tag verifies under its direction's key, which the cloud gave
 *       that side alone inside the connect (the ticket travels in clear and proves nothing), and
 *       only once (a replay window over the session packet's counter, per direction);</li>
 *   <li>a side's address is the one it took part in the connect from, and moves only once the
 *       side answered a CHALLENGE at the new address (QUIC's path validation, RFC 9000 §8.2):
 *       a frame from elsewhere is forwarded but never re-points where the other side's frames go,
 *       so nobody reflects a stream to a victim;</li>
 *   <li>a side gets frames only while it consents (RFC 7675): it sent an authentic datagram from
 *       its address within the idle time. The viewer's address is a request's source, spoofable,
 *       so the viewer must send first; a side that left stops receiving however long the other
 *       sends, and only relayed frames keep a session;</li>
 *   <li>never to or from the cloud's own addresses (a loop), see {@link #relayable};</li>
 *   <li>a peak and an average rate per session ({@link RelayBudget}), caps per camera and per
 *       viewer party ({@link RelayQuotas}) and in all;</li>
 *   <li>a session whose viewer has not yet sent with its key from its address may have been
 *       opened by a connect forged in somebody else's name: it does not count against that
 *       party's share but apart, under the same caps and at most a quarter of the relay in all;
 *       a new one displaces the oldest such session of its party (or, with the relay or that
 *       quarter full, the oldest of the busiest camera site, {@link UnprovenRelaySessions}: not
 *       anybody's, or connects forged from across the Internet pushed an honest viewer's session
 *       out before it proved itself, decision 0061), it is forgotten after
 *       {@link #UNPROVEN_MILLIS}, and it moves to its party's share when its viewer proves
 *       itself, or is closed if that share is full (decision 0057).</li>
 * </ul>
 * The relay forwards frames unchanged: it cannot read them (their session packets are sealed end
 * to end) and never needs to. Not thread-safe: the rendezvous core's thread owns it.
 */
final class RelayTable {
    /** A side that keeps sending from a new address is challenged again at most this often. */
    static final long CHALLENGE_INTERVAL_MILLIS = 500;

    /**
     * A session whose viewer sent nothing from its address for this long after the connect is
     * forgotten (unless the relay's idle time is shorter): a real viewer probes the relay as soon
     * as it has the grant (§10.3), one round trip later.
     */
    static final long UNPROVEN_MILLIS = 5_000;

    private final RelayLimits limits;
    private final RandomGenerator random;
    private final CloudEvents events;
    private final OwnAddresses own;
    private final Outbox outbox;
    private final RelayQuotas quotas;
    private final Map<Long, RelaySession> sessions = new HashMap<>();
    /** The sessions whose viewer has not proven its address yet. */
    private final UnprovenRelaySessions unproven = new UnprovenRelaySessions();

    private final int maxUnproven;

    /** The grants a forward carries, before the camera accepted: one per side. */
    record Offer(long ticket, Bytes cameraKey, Bytes viewerKey) {
        RelayGrant cameraGrant() {
            return new RelayGrant(ticket, cameraKey);
        }

        RelayGrant viewerGrant() {
            return new RelayGrant(ticket, viewerKey);
        }
    }

    /** Whether this core may hand out a ticket: with several cores, relay datagrams are routed by ticket. */
    private final LongPredicate ticketOwned;

    RelayTable(RelayLimits limits, RandomGenerator random, CloudEvents events, OwnAddresses own, Outbox outbox) {
        this(limits, random, events, own, outbox, ticket -> true);
    }

    RelayTable(
            RelayLimits limits,
            RandomGenerator random,
            CloudEvents events,
            OwnAddresses own,
            Outbox outbox,
            LongPredicate ticketOwned) {
        this.ticketOwned = ticketOwned;
        this.limits = limits;
        this.random = random;
        this.events = events;
        this.own = own;
        this.outbox = outbox;
        this.quotas = new RelayQuotas(limits);
        this.maxUnproven = Math.max(1, limits.maxSessions() / 4);
    }

    boolean enabled() {
        return limits.enabled();
    }

    /**
     * Fresh grants for a forward from {@code viewer} to {@code camera}, not yet backed by a session;
     * null when the relay is off or full, or the camera or the viewer's source holds its share.
     */
    Offer offer(CameraId camera, InetSocketAddress viewer) {
        if (!limits.enabled()
                || sessions.size() >= limits.maxSessions() && unproven.isEmpty()
                || !quotas.allows(camera, viewer)
                || !relayable(viewer)) {
            return null;
        }
        long ticket;
        do {
            ticket = random.nextLong();
        } while (ticket == 0 || !ticketOwned.test(ticket) || sessions.containsKey(ticket));
        return new Offer(ticket, newKey(), newKey());
    }

    /**
     * The camera accepted: the offer's ticket now relays between the camera's registered address
     * (on the lane it registered over) and the viewer's request source (on the lane it asked over).
     * False (no session) when the relay filled up meanwhile or an address may not be relayed to.
     */
    boolean open(Offer offer, CameraId camera, ClientAddress cameraEnd, ClientAddress viewerEnd, long now) {
        InetSocketAddress cameraAddress = cameraEnd.address();
        InetSocketAddress viewer = viewerEnd.address();
        if (!quotas.allows(camera, viewer)
                || !relayable(cameraAddress)
                || !relayable(viewer)
                || sessions.containsKey(offer.ticket())
                || !makeRoomForUnproven(viewer, cameraAddress)) {
            return false;
        }
        RelaySession session = new RelaySession(
                offer.ticket(),
                camera,
                viewer,
                // The camera's answer came just now from its registered address with the token
                // that address received; the viewer's address is only a request's source, which
                // anybody can spoof over UDP: it must send with its key before it gets anything.
                new RelaySession.Side(cameraEnd, offer.cameraKey(), now),
                new RelaySession.Side(viewerEnd, offer.viewerKey(), RelaySession.Side.NEVER),
                new RelayBudget(limits, now),
                now);
        sessions.put(offer.ticket(), session);
        unproven.add(session, cameraAddress);
        quotas.addUnproven(camera, viewer);
        events.relaySessions(sessions.size());
        return true;
    }

    /**
     * Makes room for one more session whose viewer is unproven: displaces the oldest unproven
     * session of its viewer's party if that holds its share of them, then, if the relay or its
     * share for unproven sessions is full, the oldest of the busiest camera site (the new
     * session's own if it is as busy). Forged connects thus displace each other, never a session
     * whose viewer proved itself, and, however many sources they are forged from, not a session
     * of a camera elsewhere; a real viewer proves itself within a round trip. Both choices are
     * O(1) (before decision 0061 the first scanned the unproven sessions in turn).
     */
    private boolean makeRoomForUnproven(InetSocketAddress viewer, InetSocketAddress cameraAddress) {
        int level = quotas.unprovenFullLevel(viewer);
        if (level >= 0) {
            discardIfAny(unproven.oldestOfViewerParty(viewer, level));
        }
        if (unproven.size() >= maxUnproven || sessions.size() >= limits.maxSessions()) {
            discardIfAny(unproven.oldestOfBusiestSite(cameraAddress));
        }
        return sessions.size() < limits.maxSessions() && quotas.unprovenFullLevel(viewer) < 0;
    }

    private void discardIfAny(RelaySession session) {
        if (session != null) {
            discard(session);
        }
    }

    /** Ends a session at once (its grant could not be delivered). */
    void close(long ticket) {
        RelaySession session = sessions.get(ticket);
        if (session != null) {
            discard(session);
        }
    }

    private void discard(RelaySession session) {
        sessions.remove(session.ticket);
        boolean wasProven = !unproven.remove(session.ticket);
        quotas.remove(session.camera, session.countedViewer, wasProven);
        events.relaySessions(sessions.size());
    }

    /**
     * The viewer sent with its key from its address, or answered a challenge: its session moves to
     * its party's share, or is closed (counted) if that is full. False if the session is gone.
     */
    private boolean viewerProven(RelaySession session) {
        if (!unproven.contains(session.ticket)) {
            return true;
        }
        if (quotas.prove(session.countedViewer)) {
            unproven.remove(session.ticket);
            return true;
        }
        events.dropped(DropReason.RELAY_VIEWER_OVER_QUOTA);
        discard(session);
        return false;
    }

    /**
     * A datagram of the relay's (a FRAME or a RESPONSE) from {@code from} over {@code lane}:
     * forwarded, acted on, or dropped and counted. The source comes as an address and a lane, not
     * a {@link ClientAddress}: a frame from a side's own address (nearly every frame) is compared
     * with the one the side keeps and sent on to the other side's, so a frame allocates its copy
     * and its {@link Transmit}, nothing for its addresses.
     */
    void handle(byte[] data, int offset, int length, InetSocketAddress from, Lane lane, long now) {
        RelaySession session = sessions.get(RelayFrame.ticket(data, offset));
        if (session == null) {
            events.dropped(DropReason.RELAY_UNKNOWN_TICKET);
        } else if (!relayable(from)) {
            events.dropped(DropReason.RELAY_FORBIDDEN_ADDRESS);
        } else if (RelayFrame.isResponse(data, offset, length)) {
            onResponse(session, data, offset, length, from, lane, now);
        } else if (RelayFrame.isFrame(data, offset, length)) {
            onFrame(session, data, offset, length, from, lane, now);
        } else {
            events.dropped(DropReason.UNKNOWN_TYPE);
        }
    }

    private void onFrame(
            RelaySession session, byte[] data, int offset, int length, InetSocketAddress from, Lane lane, long now) {
        boolean fromCamera = RelayFrame.type(data, offset) == RelayFrame.FROM_CAMERA;
        RelaySession.Side side = fromCamera ? session.cameraSide : session.viewerSide;
        RelaySession.Side other = fromCamera ? session.viewerSide : session.cameraSide;
        long counter = RelayFrame.sessionCounter(data, offset);
        if (!side.window.check(counter)) {
            events.dropped(DropReason.RELAY_REPLAY);
            return;
        }
        if (!side.key.verify(data, offset, length)) {
            events.dropped(DropReason.RELAY_BAD_TAG);
            return;
        }
        if (!session.budget.spend(length, now)) {
            events.dropped(DropReason.RELAY_RATE);
            return;
        }
        side.window.checkAndAccept(counter);
        if (side.at(from, lane)) {
            if (!fromCamera && !viewerProven(session)) {
                return;
            }
            side.heardAt = now;
        } else {
            challenge(session.ticket, side, from, lane, now); // the side moved, or a copy came another way
        }
        if (!relayable(other.address.address())) {
            events.dropped(DropReason.RELAY_FORBIDDEN_ADDRESS);
            return;
        }
        if (!other.consents(now, limits.idle().toMillis())) {
            events.dropped(DropReason.RELAY_UNPROVEN_SIDE); // never proven, or gone: maybe not its address any more
            return;
        }
        session.lastActive = now; // only what is relayed keeps a session: one side alone cannot hold it
        outbox.sendEncoded(other.address, Arrays.copyOfRange(data, offset, offset + length));
        events.relayed(length);
    }

    /**
     * Asks {@code side} to prove it receives at {@code at}, over the lane its frame came on; the
     * challenge is smaller than the frame that caused it.
     */
    private void challenge(long ticket, RelaySession.Side side, InetSocketAddress at, Lane lane, long now) {
        boolean probed = side.probedAt(at, lane);
        if (probed && now - side.challengedAt < CHALLENGE_INTERVAL_MILLIS) {
            return;
        }
        if (!probed) {
            side.probing = new ClientAddress(at, lane); // kept: where the side may be moving to
        }
        side.nonce = random.nextLong();
        side.challengedAt = now;
        outbox.sendEncoded(side.probing, RelayFrame.challenge(ticket, side.nonce));
    }

    private void onResponse(
            RelaySession session, byte[] data, int offset, int length, InetSocketAddress from, Lane lane, long now) {
        long nonce = RelayFrame.nonce(data, offset);
        for (RelaySession.Side side : new RelaySession.Side[] {session.cameraSide, session.viewerSide}) {
            if (side.probedAt(from, lane) && nonce == side.nonce && side.key.verify(data, offset, length)) {
                if (side == session.viewerSide && !viewerProven(session)) {
                    return;
                }
                side.address = side.probing; // it proved it receives there, over that lane: frames for it go so now
                side.heardAt = now;
                side.probing = null;
                events.relayPathValidated();
                return;
            }
        }
        events.dropped(DropReason.RELAY_BAD_TAG);
    }

    /** Forgets sessions idle past the limit, and those whose viewer did not prove itself in time. */
    void expire(long now) {
        long idle = limits.idle().toMillis();
        long unprovenIdle = Math.min(idle, UNPROVEN_MILLIS);
        int before = sessions.size();
        for (Iterator<RelaySession> it = sessions.values().iterator(); it.hasNext(); ) {
            RelaySession session = it.next();
            boolean wasProven = !unproven.contains(session.ticket);
            if (now - session.lastActive > (wasProven ? idle : unprovenIdle)) {
                it.remove();
                unproven.remove(session.ticket);
                quotas.remove(session.camera, session.countedViewer, wasProven);
            }
        }
        if (sessions.size() != before) {
            events.relaySessions(sessions.size());
        }
    }

    /**
     * Whether the relay may send to, or take a frame from, {@code address}: never the cloud itself
     * (a loop), nor an address no single host answers at (unspecified, multicast, broadcast, port 0).
     */
    boolean relayable(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip != null
                && address.getPort() != 0
                && !ip.isAnyLocalAddress()
                && !ip.isMulticastAddress()
                && !ip.getHostAddress().equals("255.255.255.255")
                && !own.contains(address);
    }

    int size() {
        return sessions.size();
    }

    private Bytes newKey() {
        byte[] key = new byte[RelayGrant.KEY_BYTES];
        random.nextBytes(key);
        return Bytes.of(key);
    }
}
