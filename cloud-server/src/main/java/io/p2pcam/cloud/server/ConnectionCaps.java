package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.PartyTally;
import java.net.InetSocketAddress;

/**
 * Which connections a listening port takes: at most {@code max} open in all, and per party at most
 * {@code perAddress} for an IPv4 address or IPv6 /64, four times that for a /56 and sixteen times
 * for a /48 ({@link PartyCaps#widening}). Caps per /64 alone let one site with a /48 hold the whole
 * port through its 65,536 /64s. Sans-I/O: the Netty side asks {@link #admit} as a connection
 * arrives and calls {@link #release} once for each admitted one when it closes. Not thread-safe:
 * one event loop.
 */
final class ConnectionCaps {
    private final int max;
    private final PartyCaps perParty;
    private final PartyTally open = new PartyTally();
    private int total;

    ConnectionCaps(int max, int perAddress) {
        this.max = max;
        this.perParty = PartyCaps.widening(perAddress);
    }

    /** Whether a connection from {@code remote} fits; if so it is counted until {@link #release}. */
    boolean admit(InetSocketAddress remote) {
        if (total >= max || open.full(remote, perParty)) {
            return false;
        }
        total++;
        open.add(remote);
        return true;
    }

    /** An admitted connection from {@code remote} closed. */
    void release(InetSocketAddress remote) {
        total--;
        open.remove(remote);
    }

    int open() {
        return total;
    }
}
