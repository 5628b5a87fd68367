package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.cloud.ResumeSecrets;
import io.p2pcam.protocol.identity.CameraPublicKey;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Seals a new ticket's secret for the camera of a signed REGISTER (docs/PROTOCOL.md §4.8): an
 * X25519 agreement between a one-time cloud key and the camera's X25519 key, so that only the
 * holder of the camera's private key can open it, not whoever sees REGISTERED; with it the camera's
 * cloud pass key (§5.3), sealed under that secret. Two X25519
 * operations (about 100 µs here): run by {@link SignatureCheck#verify()} on the verifier pool,
 * after the signature passed, never on the event loop.
 *
 * <p>Made on the core's thread, sealed once on a verifier thread, read back on the core's thread:
 * the hand-off between threads (the pool's queue, the event loop's task queue) orders the write
 * before the read; {@code grant} is volatile as well so that no other ordering is relied on.
 */
public final class TicketSeal {
    /** No ticket is issued (tickets off). */
    static final TicketSeal NONE = new TicketSeal(null, null, null, null);

    private final Bytes ticket;
    private final byte[] secret;
    private final byte[] ephemeralPrivate;
    private final Bytes cameraPassKey;
    private volatile ResumeGrant grant = ResumeGrant.NONE;

    TicketSeal(Bytes ticket, byte[] secret, byte[] ephemeralPrivate, Bytes cameraPassKey) {
        this.ticket = ticket;
        this.secret = secret;
        this.ephemeralPrivate = ephemeralPrivate;
        this.cameraPassKey = cameraPassKey;
    }

    /** The camera's cloud pass key (§5.3) sealed under the secret of the ticket {@code issued}, for its REGISTERED. */
    static Bytes sealPassKey(Bytes cameraPassKey, ResumptionTickets.Issued issued) {
        byte[] pad = ResumeSecrets.passPad(issued.secret(), issued.ticket().toArray());
        byte[] sealed = cameraPassKey.toArray();
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] ^= pad[i];
        }
        return Bytes.of(sealed);
    }

    /** Seals the secret to {@code key}'s X25519 half; nothing if the agreement fails (a small-order key). */
    void seal(CameraPublicKey key) {
        if (ticket == null) {
            return;
        }
        byte[] ephemeral = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(ephemeralPrivate, 0, ephemeral, 0);
        byte[] cameraKey = key.agreementKey();
        byte[] shared = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(ephemeralPrivate, 0, cameraKey, 0, shared, 0)) {
            return;
        }
        byte[] pad = ResumeSecrets.sealPad(shared, ephemeral, cameraKey, ticket.toArray());
        grant = new ResumeGrant(
                Bytes.of(ephemeral),
                Bytes.of(ResumeSecrets.xor(secret, pad)),
                ticket,
                sealPassKey(cameraPassKey, new ResumptionTickets.Issued(ticket, secret)));
    }

    /** The sealed grant, or {@link ResumeGrant#NONE} if none was made. */
    ResumeGrant grant() {
        return grant;
    }
}
