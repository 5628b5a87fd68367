package io.p2pcam.protocol.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState (§5.1) over ChaCha20-Poly1305 (§12.4): a key {@code k}, possibly empty, and a
 * 64-bit nonce counter {@code n}. The 96-bit AEAD nonce is 4 zero bytes then {@code n} little-endian.
 *
 * <p>Two ways to choose nonces:
 * <ul>
 *   <li>{@link #encryptWithAd}/{@link #decryptWithAd} use and advance the counter, as the handshake and
 *       any in-order transport do;</li>
 *   <li>{@link #encryptWithNonce}/{@link #decryptWithNonce} take the nonce from the caller and leave the
 *       counter alone, for datagrams that are lost and reordered. The sender must never repeat a nonce
 *       under one key; the receiver pairs this with a {@link ReplayWindow}.</li>
 * </ul>
 *
 * <p>Nonces are unsigned: a {@code long} of {@code -1} is 2^64-1, which Noise reserves (§5.1) and which is
 * refused. {@link #isRekeyDue} says when to rekey, long before that. Not thread-safe.
 */
public final class CipherState {

    /** Bytes of a key. */
    public static final int KEY_LENGTH = 32;
    /** Bytes the Poly1305 tag adds to every ciphertext. */
    public static final int TAG_LENGTH = 16;
    /** Noise messages are at most 65535 bytes (§3). */
    public static final int MAX_MESSAGE_LENGTH = 65535;
    /** The largest nonce a message may use, 2^64-2; 2^64-1 is reserved for {@link #rekey()}. */
    public static final long MAX_NONCE = -2L;
    /** From this nonce on we ask for a rekey: 2^60, WireGuard's REKEY_AFTER_MESSAGES. */
    public static final long REKEY_AFTER_NONCE = 1L << 60;

    private static final long RESERVED_NONCE = -1L;
    private static final String AEAD = "ChaCha20-Poly1305";

    private byte[] key;
    private long nonce;
    /**
     * This state's one Cipher, set up again for each message. {@code Cipher.getInstance} per message
     * looked the provider up and built the ChaCha20 and Poly1305 state anew: ~5.8 kB and ~1 µs a packet
     * on each side ({@code CipherStateAllocationTest}). Made on first use; {@link #copy()} does not share it.
     */
    private Cipher cipher;
    /** {@link #key} as the JCE takes it; null until first use after the key changes. */
    private SecretKeySpec keySpec;

    /** InitializeKey(empty): a CipherState that passes plaintext through until a key is set. */
    CipherState() {}

    /** InitializeKey(key). */
    CipherState(byte[] key) {
        initializeKey(key);
    }

    /** InitializeKey(key): sets {@code k} and resets {@code n} to zero. */
    void initializeKey(byte[] newKey) {
        if (newKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a cipher key has " + KEY_LENGTH + " bytes");
        }
        key = newKey.clone();
        keySpec = null;
        nonce = 0;
    }

    /** HasKey(). */
    public boolean hasKey() {
        return key != null;
    }

    /** The counter {@code n}: the nonce the next {@link #encryptWithAd}/{@link #decryptWithAd} uses. */
    public long nonce() {
        return nonce;
    }

    /** SetNonce(nonce) (§5.1); only tests need it, since explicit nonces go through {@link #encryptWithNonce}. */
    void setNonce(long n) {
        nonce = n;
    }

    /** Whether the counter has reached {@link #REKEY_AFTER_NONCE}, so the session should rekey or re-handshake. */
    public boolean rekeyRecommended() {
        return isRekeyDue(nonce);
    }

    /** Whether a message numbered {@code nonce} (unsigned) is past {@link #REKEY_AFTER_NONCE}. */
    public static boolean isRekeyDue(long nonce) {
        return Long.compareUnsigned(nonce, REKEY_AFTER_NONCE) >= 0;
    }

    /**
     * EncryptWithAd(ad, plaintext): with a key, encrypts under nonce {@code n} and advances it; without
     * one, returns the plaintext.
     *
     * @throws IllegalStateException if the counter is exhausted: the caller ignored {@link #rekeyRecommended}
     */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        if (!hasKey()) {
            return plaintext.clone();
        }
        if (nonce == RESERVED_NONCE) {
            throw new IllegalStateException("nonce counter exhausted: rekey or start a new handshake");
        }
        byte[] ciphertext = seal(nonce, ad, plaintext);
        nonce++;
        return ciphertext;
    }

    /**
     * DecryptWithAd(ad, ciphertext): with a key, decrypts under nonce {@code n} and advances it only on
     * success; without one, returns the input.
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "receive counter exhausted");
        }
        byte[] plaintext = open(nonce, ad, ciphertext);
        nonce++;
        return plaintext;
    }

    /**
     * Encrypts under the caller's {@code nonce}, leaving the counter untouched.
     *
     * @param nonce unsigned, at most {@link #MAX_NONCE}; the caller guarantees it never repeats for this key
     * @throws IllegalArgumentException if {@code nonce} is the reserved 2^64-1
     * @throws IllegalStateException    if no key is set
     */
    public byte[] encryptWithNonce(long nonce, byte[] ad, byte[] plaintext) {
        requireKey();
        if (nonce == RESERVED_NONCE) {
            throw new IllegalArgumentException("nonce 2^64-1 is reserved (Noise §5.1)");
        }
        return seal(nonce, ad, plaintext);
    }

    /**
     * Decrypts a message the peer sealed with {@link #encryptWithNonce}, leaving the counter untouched.
     * Replay protection is the caller's: ask a {@link ReplayWindow} before, and tell it after success.
     *
     * @throws NoiseException if {@code nonce} is the reserved 2^64-1 or the message does not authenticate
     * @throws IllegalStateException if no key is set
     */
    public byte[] decryptWithNonce(long nonce, byte[] ad, byte[] ciphertext) throws NoiseException {
        requireKey();
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "nonce 2^64-1 is reserved");
        }
        return open(nonce, ad, ciphertext);
    }

    /** Rekey() (§4.2, §11.3): {@code k = ENCRYPT(k, 2^64-1, empty, 32 zero bytes)} truncated to 32 bytes. */
    public void rekey() {
        requireKey();
        byte[] sealed = seal(RESERVED_NONCE, new byte[0], new byte[KEY_LENGTH]);
        key = Arrays.copyOf(sealed, KEY_LENGTH);
        keySpec = null;
    }

    /**
     * A new CipherState holding Rekey()'s key (§4.2, §11.3), this one unchanged: a session's next
     * transport key, derived one-way from the current one. The new state's counter is zero.
     */
    public CipherState nextKey() {
        CipherState next = copy();
        next.rekey();
        next.nonce = 0;
        return next;
    }

    /** A deep copy, so a handshake can try a message and keep its state if the message fails. */
    CipherState copy() {
        CipherState copy = new CipherState();
        copy.key = key == null ? null : key.clone();
        copy.nonce = nonce;
        return copy;
    }

    private void requireKey() {
        if (!hasKey()) {
            throw new IllegalStateException("no key: transport messages need a completed handshake");
        }
    }

    private byte[] seal(long n, byte[] ad, byte[] plaintext) {
        if (plaintext.length > MAX_MESSAGE_LENGTH - TAG_LENGTH) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds a Noise message");
        }
        try {
            return aead(Cipher.ENCRYPT_MODE, n, ad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to encrypt", e);
        }
    }

    private byte[] open(long n, byte[] ad, byte[] ciphertext) throws NoiseException {
        if (ciphertext.length < TAG_LENGTH || ciphertext.length > MAX_MESSAGE_LENGTH) {
            throw new NoiseException(
                    NoiseException.Reason.MALFORMED_MESSAGE, "ciphertext of " + ciphertext.length + " bytes");
        }
        try {
            return aead(Cipher.DECRYPT_MODE, n, ad).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new NoiseException(NoiseException.Reason.AUTHENTICATION_FAILED, "message did not authenticate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to decrypt", e);
        }
    }

    /**
     * This state's Cipher set up for one message. Encrypting, the JDK refuses the key and nonce of the
     * instance's previous set-up ({@link InvalidKeyException}): a nonce used twice in a row under one
     * key, which the callers' contract rules out, fails here instead of going out. Decrypting the same
     * nonce again (a copy, a forgery then the genuine packet) is allowed, as it must be.
     */
    private Cipher aead(int mode, long n, byte[] ad) throws GeneralSecurityException {
        if (cipher == null) {
            cipher = Cipher.getInstance(AEAD);
        }
        if (keySpec == null) {
            keySpec = new SecretKeySpec(key, "ChaCha20");
        }
        cipher.init(mode, keySpec, new IvParameterSpec(nonceBytes(n)));
        cipher.updateAAD(ad);
        return cipher;
    }

    /** 32 bits of zeros followed by the little-endian encoding of {@code n} (§12.4). */
    static byte[] nonceBytes(long n) {
        byte[] bytes = new byte[12];
        for (int i = 0; i < 8; i++) {
            bytes[4 + i] = (byte) (n >>> (8 * i));
        }
        return bytes;
    }
}
