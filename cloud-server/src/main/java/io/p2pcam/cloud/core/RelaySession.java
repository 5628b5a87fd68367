package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.RelayKey;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.ReplayWindow;
import java.net.InetSocketAddress;

/**
 * One relay session (docs/PROTOCOL.md §7): the two sides of an accepted connect, each with the
 * address and lane it took part in the connect from, its frame key, a replay window over the
 * counters of the session packets it sent, and the address it may be moving to. Not thread-safe.
 */
final class RelaySession {
    /** One side: where frames to it go, and how its frames are checked. */
    static final class Side {
        /** {@link #heardAt} of a side that has not yet sent from its address. */
        static final long NEVER = Long.MIN_VALUE;

        /**
         * Where frames for this side go: the connect's address until the side proves another. With
         * its transport: one address and port over UDP and over TCP may be two hosts behind one
         * NAT, so a side is heard from, and sent to, over its own lane alone.
         */
        ClientAddress address;

        final RelayKey key;
        final ReplayWindow window = new ReplayWindow();
        /** A new address (or the same over the other lane) this side sent from and has been challenged at, or null. */
        ClientAddress probing;

        long nonce;
        long challengedAt = Long.MIN_VALUE;

        /**
         * When this side last sent an authentic relay datagram from {@link #address} (or proved
         * it by a RESPONSE there), {@link #NEVER} if it has not: its consent to receive there
         * (RFC 7675), without which the relay sends it nothing.
         */
        long heardAt;

        Side(ClientAddress address, Bytes key, long heardAt) {
            this.address = address;
            this.key = new RelayKey(key);
            this.heardAt = heardAt;
        }

        /**
         * Whether a datagram from {@code from} over {@code lane} came from this side's address, over
         * its lane. Compared in place: a frame's source is made into a {@link ClientAddress} only
         * when the relay keeps it (a new address challenged), not once per frame.
         */
        boolean at(InetSocketAddress from, Lane lane) {
            return address.lane() == lane && address.address().equals(from);
        }

        /** Whether {@code from} over {@code lane} is where this side was last challenged. */
        boolean probedAt(InetSocketAddress from, Lane lane) {
            return probing != null
                    && probing.lane() == lane
                    && probing.address().equals(from);
        }

        /** Whether this side sent from its address within {@code idleMillis}: frames for it may go there. */
        boolean consents(long now, long idleMillis) {
            return heardAt != NEVER && now - heardAt <= idleMillis;
        }
    }

    final long ticket;
    final CameraId camera;
    /** The viewer's address at the connect, which its party's quota counts the session under. */
    final InetSocketAddress countedViewer;

    final Side cameraSide;
    final Side viewerSide;
    final RelayBudget budget;
    long lastActive;

    RelaySession(
            long ticket,
            CameraId camera,
            InetSocketAddress countedViewer,
            Side cameraSide,
            Side viewerSide,
            RelayBudget budget,
            long now) {
        this.ticket = ticket;
        this.camera = camera;
        this.countedViewer = countedViewer;
        this.cameraSide = cameraSide;
        this.viewerSide = viewerSide;
        this.budget = budget;
        this.lastActive = now;
    }
}
