package io.p2pcam.protocol.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The Noise DH function {@code 25519} (§12.1) on the JDK's {@code X25519} provider, with raw 32-byte
 * keys in and out. The JDK speaks in {@link BigInteger} u-coordinates; RFC 7748 §5 encodes u as 32
 * little-endian bytes, and a receiver masks the top bit, which {@link #decodeU} does.
 *
 * <p>The JDK refuses a DH whose result is all zeros (the peer sent a small-order point). Noise allows
 * that (§12.1); we surface it as {@link NoiseException.Reason#INVALID_PUBLIC_KEY}.
 */
public final class X25519 {

    /** DHLEN: bytes in a public key, a private key and a shared secret. */
    public static final int KEY_LENGTH = 32;

    private static final String ALGORITHM = "X25519";
    private static final byte[] BASE_POINT = basePoint();
    /** Any scalar detects a small-order point: clamping makes every scalar a multiple of the cofactor. */
    private static final byte[] PROBE_SCALAR = BASE_POINT;

    private X25519() {}

    /** GENERATE_KEYPAIR(): a fresh key pair drawn from {@code random}. */
    public static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.X25519, random);
            java.security.KeyPair pair = generator.generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
            byte[] publicKey = encodeU(((XECPublicKey) pair.getPublic()).getU());
            return new KeyPair(scalar, publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks X25519", e);
        }
    }

    /** The public key of {@code privateKey}: the DH of the private key with the base point u = 9. */
    public static byte[] publicKeyOf(byte[] privateKey) {
        try {
            return agree(privateKey, BASE_POINT);
        } catch (NoiseException e) {
            throw new IllegalStateException("the base point cannot be rejected", e);
        }
    }

    /**
     * DH(key_pair, public_key): the 32-byte shared secret.
     *
     * @throws NoiseException ({@code INVALID_PUBLIC_KEY}) if {@code remotePublicKey} is of small order
     */
    public static byte[] dh(KeyPair local, byte[] remotePublicKey) throws NoiseException {
        return agree(local.privateKey(), remotePublicKey);
    }

    /**
     * Rejects a received public key with which every DH would yield zeros (a small-order point), so the
     * handshake fails where the key arrives and not later, when we happen to use it.
     */
    public static void requireUsable(byte[] publicKey) throws NoiseException {
        agree(PROBE_SCALAR, publicKey);
    }

    private static byte[] agree(byte[] privateKey, byte[] publicKey) throws NoiseException {
        if (privateKey.length != KEY_LENGTH || publicKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys have " + KEY_LENGTH + " bytes");
        }
        PrivateKey ourKey;
        PublicKey theirKey;
        KeyAgreement agreement;
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            ourKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
            theirKey = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey)));
            agreement = KeyAgreement.getInstance(ALGORITHM);
            agreement.init(ourKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks X25519", e);
        }
        try {
            agreement.doPhase(theirKey, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException | IllegalStateException e) {
            throw new NoiseException(NoiseException.Reason.INVALID_PUBLIC_KEY, "public key of small order", e);
        }
    }

    /** RFC 7748 §5 decodeUCoordinate: little-endian, top bit masked. */
    static BigInteger decodeU(byte[] littleEndian) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = littleEndian[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }

    /** RFC 7748 §5 encodeUCoordinate: 32 little-endian bytes. */
    static byte[] encodeU(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] littleEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }

    private static byte[] basePoint() {
        byte[] point = new byte[KEY_LENGTH];
        point[0] = 9;
        return point;
    }
}
