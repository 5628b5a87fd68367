package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.net.InetSocketAddress;

/** One side of a relay session as a test drives it: its route (ticket, key) and its session packet counter. */
final class RelaySide {
    final RelayFrame.Route route;
    private long counter;

    RelaySide(InetSocketAddress relay, RelayGrant grant, int type) {
        this.route = RelayFrame.Route.of(relay, grant, type);
    }

    /** A signed frame carrying a session packet of {@code bytes} with the next counter. */
    byte[] frame(int bytes) {
        byte[] packet = new byte[bytes];
        packet[0] = 0x53;
        packet[1] = 0x01;
        long c = counter++;
        for (int i = 0; i < 8; i++) {
            packet[6 + i] = (byte) (c >>> (56 - 8 * i));
        }
        return route.wrap(packet);
    }

    byte[] frame() {
        return frame(100);
    }
}
