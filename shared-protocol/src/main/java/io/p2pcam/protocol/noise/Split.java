package io.p2pcam.protocol.noise;

import java.util.Objects;

/**
 * The transport keys a completed handshake yields (Noise §5.2 Split), oriented for the party that holds
 * them, so neither side can encrypt with the other side's key by mistake. For the initiator
 * {@code sending} is the spec's {@code c1} and {@code receiving} its {@code c2}; for the responder the
 * reverse. After a one-way pattern (§7.4) the responder must not use {@code sending}.
 *
 * @param sending   encrypts what this party sends
 * @param receiving decrypts what the peer sends
 */
public record Split(CipherState sending, CipherState receiving) {

    public Split {
        Objects.requireNonNull(sending, "sending");
        Objects.requireNonNull(receiving, "receiving");
    }
}
