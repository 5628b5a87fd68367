package io.p2pcam.protocol.cloud;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the cloud hands one side of an accepted connect so that it may use the relay
 * (docs/PROTOCOL.md §7): the relay session's ticket and this side's 16-byte frame key. The camera
 * gets its grant in CONNECT_FORWARD, the viewer its own in the ACCEPTED CONNECT_RESULT; each key
 * authenticates the frames of one direction only, and never travels in a frame. On the wire: the
 * ticket (u64) then the key, appended after the handshake; a ticket of 0 means "no relay".
 *
 * <p>The relay is that of the node that sent the grant, unless the grant names another: in a
 * cluster, a viewer that asked node C for a camera held by node A gets A's grant, and A's address
 * after it in the CONNECT_RESULT (docs/PROTOCOL.md §3.10.12, §7). A CONNECT_FORWARD's grant never
 * names one: the camera's relay is the node that forwarded.
 *
 * @param ticket the relay session's ID, non-zero; 0 only in {@link #NONE}
 * @param key this side's frame key ({@value #KEY_BYTES} bytes), empty in {@link #NONE}
 * @param relayNode the address of the node whose relay holds the session, or null for the node that
 *     sent the grant; always null in {@link #NONE}
 */
public record RelayGrant(long ticket, Bytes key, InetSocketAddress relayNode) {
    public static final int KEY_BYTES = 16;
    /** Ticket and key, as appended to CONNECT_FORWARD and CONNECT_RESULT. */
    public static final int WIRE_BYTES = 8 + KEY_BYTES;
    /** No relay for this connect. */
    public static final RelayGrant NONE = new RelayGrant(0, Bytes.EMPTY);

    public RelayGrant {
        Objects.requireNonNull(key, "key");
        if (ticket == 0 ? key.length() != 0 || relayNode != null : key.length() != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a relay grant is a non-zero ticket with a " + KEY_BYTES + "-byte key, or NONE");
        }
        if (relayNode != null && !isRelayAddress(relayNode)) {
            throw new IllegalArgumentException("a relay node needs a unicast literal address and a port: " + relayNode);
        }
    }

    /** A grant for the relay of the node that sends it. */
    public RelayGrant(long ticket, Bytes key) {
        this(ticket, key, null);
    }

    /** This grant, for the relay of the node at {@code node} (a cluster's holding node, §7). */
    public RelayGrant at(InetSocketAddress node) {
        return new RelayGrant(ticket, key, Objects.requireNonNull(node, "node"));
    }

    /** Where this grant's relay frames go: its {@link #relayNode}, or {@code sender} (the node that sent the grant). */
    public InetSocketAddress relayOr(InetSocketAddress sender) {
        return relayNode != null ? relayNode : sender;
    }

    /** An address a relay may be at: a literal unicast address (not unspecified, multicast) and a port. */
    public static boolean isRelayAddress(InetSocketAddress address) {
        return !address.isUnresolved()
                && address.getPort() != 0
                && !address.getAddress().isAnyLocalAddress()
                && !address.getAddress().isMulticastAddress();
    }

    public boolean present() {
        return ticket != 0;
    }

    @Override
    public String toString() {
        if (!present()) {
            return "RelayGrant[none]";
        }
        return "RelayGrant[ticket=" + Long.toHexString(ticket) + (relayNode == null ? "" : ", at " + relayNode) + "]";
    }
}
