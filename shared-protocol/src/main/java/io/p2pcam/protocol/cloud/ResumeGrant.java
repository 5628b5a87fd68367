package io.p2pcam.protocol.cloud;

import java.util.Objects;

/**
 * A resumption ticket as the cloud hands it out in REGISTERED (docs/PROTOCOL.md §4.8): the ticket
 * the camera presents in a later RESUME, and the ticket's secret sealed so that only this camera
 * can open it. After a signed REGISTER the seal is keyed by an X25519 agreement between the
 * cloud's one-time {@code ephemeral} key and the camera's X25519 key; after a RESUME by the secret
 * of the ticket that was presented ({@code ephemeral} is then 32 zero bytes). On the wire:
 * ephemeral (32) ‖ sealed (32) ‖ ticket (24), appended after REGISTERED's flags; absent, or a
 * ticket of zeros, means "no ticket". With a ticket the cloud may add the camera's {@link
 * CloudPass} key (16), sealed under the new ticket's secret (§5.3).
 *
 * @param ephemeral the cloud's one-time X25519 public key, or zeros after a RESUME
 * @param sealed the ticket's 32-byte secret XOR a pad only the camera can compute
 * @param ticket opaque to the camera; presented unchanged in RESUME
 * @param sealedPassKey the camera's 16-byte pass key XOR {@link ResumeSecrets#passPad}, or empty
 */
public record ResumeGrant(Bytes ephemeral, Bytes sealed, Bytes ticket, Bytes sealedPassKey) {
    public static final int KEY_BYTES = 32;
    public static final int SECRET_BYTES = 32;
    public static final int TICKET_BYTES = 24;
    public static final int PROOF_BYTES = 32;
    /** Ephemeral key, sealed secret and ticket, as appended to REGISTERED. */
    public static final int WIRE_BYTES = KEY_BYTES + SECRET_BYTES + TICKET_BYTES;
    /** No ticket. */
    public static final ResumeGrant NONE = new ResumeGrant(Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY);

    /** A ticket without a pass key. */
    public ResumeGrant(Bytes ephemeral, Bytes sealed, Bytes ticket) {
        this(ephemeral, sealed, ticket, Bytes.EMPTY);
    }

    public ResumeGrant {
        Objects.requireNonNull(ephemeral, "ephemeral");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(sealedPassKey, "sealedPassKey");
        if (sealedPassKey.length() != 0
                && (sealedPassKey.length() != CloudPass.CAMERA_KEY_BYTES || ticket.length() == 0)) {
            throw new IllegalArgumentException(
                    "a sealed pass key is " + CloudPass.CAMERA_KEY_BYTES + " bytes, with a ticket");
        }
        boolean none = ephemeral.length() == 0 && sealed.length() == 0 && ticket.length() == 0;
        boolean full =
                ephemeral.length() == KEY_BYTES && sealed.length() == SECRET_BYTES && ticket.length() == TICKET_BYTES;
        if (!none && !full) {
            throw new IllegalArgumentException(
                    "a resume grant is " + KEY_BYTES + " + " + SECRET_BYTES + " + " + TICKET_BYTES + " bytes, or NONE");
        }
    }

    public boolean present() {
        return ticket.length() == TICKET_BYTES;
    }

    /** The same grant carrying the camera's sealed pass key. */
    public ResumeGrant withSealedPassKey(Bytes sealedPassKey) {
        return new ResumeGrant(ephemeral, sealed, ticket, sealedPassKey);
    }

    @Override
    public String toString() {
        return present()
                ? (sealedPassKey.length() != 0 ? "ResumeGrant[ticket, pass key]" : "ResumeGrant[ticket]")
                : "ResumeGrant[none]";
    }
}
