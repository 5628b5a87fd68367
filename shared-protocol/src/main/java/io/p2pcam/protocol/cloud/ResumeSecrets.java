package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.RawKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
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
 * </pre>
 */
public final class ResumeSecrets {
    private static final byte[] SEAL = context("p2pcam resume seal v1\0");
    private static final byte[] RENEW = context("p2pcam resume renew v1\0");

    private ResumeSecrets() {}

    /** The pad sealing a ticket's secret in the REGISTERED that answers a signed REGISTER. */
    public static byte[] sealPad(byte[] shared, byte[] ephemeral, byte[] cameraAgreementKey, byte[] ticket) {
        return hmac(shared, SEAL, ephemeral, cameraAgreementKey, ticket);
    }

    /** The pad sealing a renewed ticket's secret in the REGISTERED that answers a RESUME. */
    public static byte[] renewPad(byte[] previousSecret, byte[] ticket) {
        return hmac(previousSecret, RENEW, ticket);
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

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static byte[] context(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Zero bytes for the ephemeral field of a grant renewed by a RESUME. */
    public static Bytes noEphemeral() {
        return Bytes.of(new byte[ResumeGrant.KEY_BYTES]);
    }
}
