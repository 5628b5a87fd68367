package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.cloud.ResumeSecrets;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The simulated cameras' X25519 keys (the second half of a camera key, docs/PROTOCOL.md §1.2),
 * real but never stored: camera {@code i}'s private key is derived on demand from the fleet's
 * seed and {@code i}, so that a million cameras hold no 32 bytes more each. Throwaway test
 * identities, like the rest of the fleet's keys: a seeded fast generator, not a SecureRandom.
 * Used twice per camera: to make its public key, and to open the ticket secret sealed to it in
 * the REGISTERED that answers its signed REGISTER. Stateless and thread-safe.
 */
final class AgreementKeys {
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final long seed;

    AgreementKeys(long seed) {
        this.seed = seed;
    }

    /** Camera {@code camera}'s X25519 private key. */
    byte[] privateKey(int camera) {
        byte[] key = new byte[X25519.SCALAR_SIZE];
        new SplittableRandom(seed ^ (camera + 1L) * GOLDEN).nextBytes(key);
        return key;
    }

    /** Writes camera {@code camera}'s X25519 public key into {@code out} at {@code offset}. */
    void publicKey(int camera, byte[] out, int offset) {
        X25519.generatePublicKey(privateKey(camera), 0, out, offset);
    }

    /**
     * The ticket secret sealed in a grant that answered camera {@code camera}'s signed REGISTER
     * ({@link ResumeSecrets#openSigned} with a derived key), or null when the cloud's ephemeral key
     * gives an all-zero agreement (the camera then holds no ticket).
     */
    byte[] openSigned(int camera, byte[] cameraAgreementKey, ResumeGrant grant) {
        byte[] ephemeral = grant.ephemeral().toArray();
        byte[] shared = new byte[X25519.POINT_SIZE];
        if (!X25519.calculateAgreement(privateKey(camera), 0, ephemeral, 0, shared, 0)) {
            return null;
        }
        byte[] pad = ResumeSecrets.sealPad(
                shared, ephemeral, cameraAgreementKey, grant.ticket().toArray());
        return ResumeSecrets.xor(grant.sealed().toArray(), pad);
    }
}
