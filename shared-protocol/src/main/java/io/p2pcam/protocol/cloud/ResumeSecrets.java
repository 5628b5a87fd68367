package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.RawKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key schedule of resumption tickets (docs/PROTOCOL.md §4.8), shared by the camera and the
 * cloud so that both compute the same bytes. Every derivation is HMAC-SHA256 with a context string
 * of its own. Stateless and thread-safe.
 *
 * <pre>
 * pad(signed)  = HMAC(X25519(ephemeral, cameraX25519), "p2pcam resume seal v1\0" ‖ ephemeral ‖ cameraX25519 ‖ ticket)
 * pad(resumed) = HMAC(previous secret, "p2pcam resume renew v1\0" ‖ ticket)
 * sealed       = secret XOR pad
 * proof        = HMAC(secret, "p2pcam resume v1\0" ‖ RESUME bytes from offset 0 up to the proof)
 * pass pad     = first 16 bytes of HMAC(secret, "p2pcam pass seal v1\0" ‖ ticket)   (sealing the camera's pass key)
 * </pre>
 */
public final class ResumeSecrets {
    private static final byte[] SEAL = context("p2pcam resume seal v1\0");
    private static final byte[] RENEW = context("p2pcam resume renew v1\0");
    private static final byte[] PASS_SEAL = context("p2pcam pass seal v1\0");
    /**
     * One HMAC-SHA256 per thread, keyed afresh by each {@link #hmac}: a RESUME computes three, and
     * {@code Mac.getInstance} (a provider lookup and a reflective construction) cost more than the
     * HMAC itself in a restart storm's JFR profile (docs/BENCHMARKS.md, "A million cameras per node").
     */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    });

    private ResumeSecrets() {}

    /** The pad sealing a ticket's secret in the REGISTERED that answers a signed REGISTER. */
    public static byte[] sealPad(byte[] shared, byte[] ephemeral, byte[] cameraAgreementKey, byte[] ticket) {
        return hmac(shared, SEAL, ephemeral, cameraAgreementKey, ticket);
    }

    /** The pad sealing a renewed ticket's secret in the REGISTERED that answers a RESUME. */
    public static byte[] renewPad(byte[] previousSecret, byte[] ticket) {
        return hmac(previousSecret, RENEW, ticket);
    }

    /**
     * The pad sealing the camera's {@link CloudPass} key in a REGISTERED, under the secret of the
     * ticket that REGISTERED carries (so only the camera that opens the ticket opens the pass key).
     */
    public static byte[] passPad(byte[] ticketSecret, byte[] ticket) {
        return Arrays.copyOf(hmac(ticketSecret, PASS_SEAL, ticket), CloudPass.CAMERA_KEY_BYTES);
    }

    /** The camera's pass key from a grant whose ticket secret is {@code ticketSecret}; empty if the grant has none. */
    public static Bytes openPassKey(byte[] ticketSecret, ResumeGrant grant) {
        if (grant.sealedPassKey().length() == 0) {
            return Bytes.EMPTY;
        }
        byte[] pad = passPad(ticketSecret, grant.ticket().toArray());
        byte[] sealed = grant.sealedPassKey().toArray();
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] ^= pad[i];
        }
        return Bytes.of(sealed);
    }

    /** The RESUME proof over {@link CloudCodec#resumeProvenBytes}. */
    public static byte[] proof(byte[] secret, byte[] provenBytes) {
        return hmac(secret, provenBytes);
    }

    /** {@code a XOR b}, both {@value ResumeGrant#SECRET_BYTES} bytes. */
    public static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[ResumeGrant.SECRET_BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /**
     * The camera's side: the secret sealed in a grant that answered a signed REGISTER, or null if
     * the cloud's ephemeral key is unusable (the camera then simply has no ticket).
     */
    public static byte[] openSigned(CameraIdentity identity, ResumeGrant grant) {
        byte[] ephemeral = grant.ephemeral().toArray();
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(identity.agreementKeyPair().getPrivate());
            agreement.doPhase(RawKeys.publicKey(RawKeys.Algorithm.X25519, ephemeral), true);
            byte[] shared = agreement.generateSecret();
            if (isZero(shared)) {
                return null;
            }
            byte[] pad = sealPad(
                    shared,
                    ephemeral,
                    identity.publicKey().agreementKey(),
                    grant.ticket().toArray());
            return xor(grant.sealed().toArray(), pad);
        } catch (InvalidKeyException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has XDH", e);
        }
    }

    /** The camera's side: the secret of a renewed ticket, sealed under the secret of the ticket it presented. */
    public static byte[] openRenewed(byte[] previousSecret, ResumeGrant grant) {
        return xor(
                grant.sealed().toArray(),
                renewPad(previousSecret, grant.ticket().toArray()));
    }

    static boolean isZero(byte[] bytes) {
        int any = 0;
        for (byte b : bytes) {
            any |= b;
        }
        return any == 0;
    }

    /** HMAC-SHA256 under {@code key} over {@code parts} in order (also {@link CloudPass}'s). */
    static byte[] hmac(byte[] key, byte[]... parts) {
        Mac mac = HMAC_SHA256.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256")); // also resets whatever a failed call left
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 takes a key of any length", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    static byte[] context(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Zero bytes for the ephemeral field of a grant renewed by a RESUME. */
    public static Bytes noEphemeral() {
        return Bytes.of(new byte[ResumeGrant.KEY_BYTES]);
    }
}
