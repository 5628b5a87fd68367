package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.RelayFrame;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The relay's sessions (docs/PROTOCOL.md §7): one per accepted connect while the relay is on,
 * found by its 64-bit ticket. A frame from the camera goes to the viewer's last address and the
 * other way round; each side's address follows its latest frame, so NAT rebinding does not break
 * a relayed session. The relay forwards frames unchanged: it cannot read them (their session
 * packets are sealed end to end) and never needs to.
 *
 * <p>Every session is capped in bytes and in rate (a token bucket one second deep), and forgotten
 * after being idle. Not thread-safe: the rendezvous core's thread owns it.
 */
final class RelayTable {
    private final RelayLimits limits;
    private final RandomGenerator random;
    private final CloudEvents events;
    private final OwnAddresses own;
    private final Map<Long, Session> sessions = new HashMap<>();

    private static final class Session {
        InetSocketAddress camera;
        InetSocketAddress viewer;
        long bytes;
        double tokens;
        long refilledAt;
        long lastActive;
    }

    RelayTable(RelayLimits limits, RandomGenerator random, CloudEvents events, OwnAddresses own) {
        this.own = own;
        this.limits = limits;
        this.random = random;
        this.events = events;
    }

    boolean enabled() {
        return limits.enabled();
    }

    /** A fresh ticket for a forward, not yet backed by a session; 0 when the relay is off or full. */
    long newTicket() {
        if (!limits.enabled() || sessions.size() >= limits.maxSessions()) {
            return 0;
        }
        long ticket;
        do {
            ticket = random.nextLong();
        } while (ticket == 0 || sessions.containsKey(ticket));
        return ticket;
    }

    /** The camera accepted: the ticket now relays between the two addresses the cloud knows. */
    void open(long ticket, InetSocketAddress camera, InetSocketAddress viewer, long now) {
        if (ticket == 0 || sessions.size() >= limits.maxSessions() || !relayable(camera) || !relayable(viewer)) {
            return;
        }
        Session session = new Session();
        session.camera = camera;
        session.viewer = viewer;
        session.tokens = limits.bytesPerSecond();
        session.refilledAt = now;
        session.lastActive = now;
        sessions.put(ticket, session);
        events.relaySessions(sessions.size());
    }

    /**
     * Where a relay frame from {@code from} goes, or null when it is dropped (unknown ticket, over
     * its byte cap or rate; each counted).
     */
    InetSocketAddress route(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        if (!relayable(from)) {
            events.dropped(DropReason.RELAY_FORBIDDEN_ADDRESS);
            return null;
        }
        Session session = sessions.get(RelayFrame.ticket(data, offset));
        if (session == null) {
            events.dropped(DropReason.RELAY_UNKNOWN_TICKET);
            return null;
        }
        if (session.bytes + length > limits.maxBytesPerSession()) {
            events.dropped(DropReason.RELAY_QUOTA);
            return null;
        }
        session.tokens = Math.min(
                limits.bytesPerSecond(),
                session.tokens + (now - session.refilledAt) * limits.bytesPerSecond() / 1000.0);
        session.refilledAt = now;
        if (session.tokens < length) {
            events.dropped(DropReason.RELAY_RATE);
            return null;
        }
        session.tokens -= length;
        session.bytes += length;
        session.lastActive = now;
        InetSocketAddress to;
        if (RelayFrame.type(data, offset) == RelayFrame.FROM_CAMERA) {
            session.camera = from;
            to = session.viewer;
        } else {
            session.viewer = from;
            to = session.camera;
        }
        if (!relayable(to)) {
            events.dropped(DropReason.RELAY_FORBIDDEN_ADDRESS);
            return null;
        }
        events.relayed(length);
        return to;
    }

    /** Forgets sessions idle past the limit. */
    void expire(long now) {
        long idle = limits.idle().toMillis();
        int before = sessions.size();
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastActive > idle) {
                it.remove();
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
        java.net.InetAddress ip = address.getAddress();
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
}
