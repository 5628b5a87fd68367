package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Register;

/**
 * A REGISTER that passed every cheap check (rate, cookie, replay, newest-wins, budget) and now
 * needs its Ed25519 signature checked: the one expensive step of registration, which the I/O edge
 * runs off the event loop ({@link #verify()} on a worker thread) and hands back to
 * {@link Rendezvous#signatureChecked} on the core's thread. Immutable; {@link #verify()} is
 * thread-safe.
 *
 * @param register the decoded REGISTER
 * @param from its source, transport included: its cookie proved that address on that transport
 *     (REGISTERED goes back that way)
 * @param requestBytes its size (the REGISTERED reply may be no larger)
 * @param cookieIssuedAt when its cookie was issued (server clock), for newest-wins
 * @param seal the resumption ticket for REGISTERED, sealed to the camera once the signature passed
 */
public record SignatureCheck(
        Register register, ClientAddress from, int requestBytes, long cookieIssuedAt, TicketSeal seal) {

    /**
     * Runs the strict Ed25519 verification over {@code registerSignedBytes} (docs/PROTOCOL.md
     * §4.3; about 100–160 µs) and, if it passes, seals the resumption ticket to the camera (§4.8;
     * about 100 µs more); call it off the event loop.
     */
    public boolean verify() {
        byte[] signed = CloudCodec.registerSignedBytes(
                register.transaction(), register.key(), register.cookie(), register.candidates());
        boolean valid = StrictEd25519.verify(
                register.key().signingKey(),
                signed,
                0,
                signed.length,
                register.signature().toArray());
        if (valid) {
            seal.seal(register.key());
        }
        return valid;
    }
}
