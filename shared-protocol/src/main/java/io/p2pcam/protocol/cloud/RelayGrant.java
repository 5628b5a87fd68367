package io.p2pcam.protocol.cloud;

import java.util.Objects;

/**
 * What the cloud hands one side of an accepted connect so that it may use the relay
 * (docs/PROTOCOL.md §7): the relay session's ticket and this side's 16-byte frame key. The camera
 * gets its grant in CONNECT_FORWARD, the viewer its own in the ACCEPTED CONNECT_RESULT; each key
 * authenticates the frames of one direction only, and never travels in a frame. On the wire: the
 * ticket (u64) then the key, appended after the handshake; a ticket of 0 means "no relay".
 *
 * @param ticket the relay session's ID, non-zero; 0 only in {@link #NONE}
 * @param key this side's frame key ({@value #KEY_BYTES} bytes), empty in {@link #NONE}
 */
public record RelayGrant(long ticket, Bytes key) {
    public static final int KEY_BYTES = 16;
    /** Ticket and key, as appended to CONNECT_FORWARD and CONNECT_RESULT. */
    public static final int WIRE_BYTES = 8 + KEY_BYTES;
    /** No relay for this connect. */
    public static final RelayGrant NONE = new RelayGrant(0, Bytes.EMPTY);

    public RelayGrant {
        Objects.requireNonNull(key, "key");
        if (ticket == 0 ? key.length() != 0 : key.length() != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a relay grant is a non-zero ticket with a " + KEY_BYTES + "-byte key, or NONE");
        }
    }

    public boolean present() {
        return ticket != 0;
    }

    @Override
    public String toString() {
        return present() ? "RelayGrant[ticket=" + Long.toHexString(ticket) + "]" : "RelayGrant[none]";
    }
}
