package io.p2pcam.protocol.noise;

/** The two parties of a Noise handshake (§2.1): the initiator sends the first message. */
public enum Role {
    INITIATOR,
    RESPONDER;

    /** The other party. */
    public Role peer() {
        return this == INITIATOR ? RESPONDER : INITIATOR;
    }
}
