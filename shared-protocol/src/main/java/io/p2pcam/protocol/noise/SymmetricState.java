package io.p2pcam.protocol.noise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A Noise SymmetricState (§5.2) with SHA-256 (§12.5): the chaining key {@code ck}, the handshake hash
 * {@code h} and a {@link CipherState}. Driven only by {@link HandshakeState}; not thread-safe.
 */
final class SymmetricState {

    private final CipherState cipher;
    private byte[] chainingKey;
    private byte[] hash;

    private SymmetricState(CipherState cipher, byte[] chainingKey, byte[] hash) {
        this.cipher = cipher;
        this.chainingKey = chainingKey;
        this.hash = hash;
    }

    /** InitializeSymmetric(protocol_name): {@code h} is the name padded to 32 bytes, or its hash if longer. */
    static SymmetricState initialize(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        byte[] h = name.length <= Hkdf.HASH_LENGTH ? Arrays.copyOf(name, Hkdf.HASH_LENGTH) : sha256(name);
        return new SymmetricState(new CipherState(), h.clone(), h);
    }

    /** MixKey(ikm): {@code ck, tempK = HKDF(ck, ikm, 2)}, then InitializeKey(tempK). */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] outputs = Hkdf.derive(chainingKey, inputKeyMaterial, 2);
        chainingKey = outputs[0];
        cipher.initializeKey(outputs[1]);
    }

    /** MixHash(data): {@code h = HASH(h || data)}. */
    void mixHash(byte[] data) {
        byte[] joined = Arrays.copyOf(hash, hash.length + data.length);
        System.arraycopy(data, 0, joined, hash.length, data.length);
        hash = sha256(joined);
    }

    /** GetHandshakeHash(). */
    byte[] handshakeHash() {
        return hash.clone();
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    /** EncryptAndHash(plaintext): encrypts with {@code h} as associated data, then mixes the ciphertext in. */
    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** DecryptAndHash(ciphertext). */
    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /**
     * Split(): {@code temp_k1, temp_k2 = HKDF(ck, empty, 2)}; {@code c1} carries initiator-to-responder
     * messages, {@code c2} the other direction. Returned oriented for {@code local}.
     */
    Split split(Role local) {
        byte[][] keys = Hkdf.derive(chainingKey, new byte[0], 2);
        CipherState initiatorToResponder = new CipherState(keys[0]);
        CipherState responderToInitiator = new CipherState(keys[1]);
        Arrays.fill(chainingKey, (byte) 0);
        return local == Role.INITIATOR
                ? new Split(initiatorToResponder, responderToInitiator)
                : new Split(responderToInitiator, initiatorToResponder);
    }

    /** A deep copy, so a handshake message can be tried without committing to it. */
    SymmetricState copy() {
        return new SymmetricState(cipher.copy(), chainingKey.clone(), hash.clone());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
