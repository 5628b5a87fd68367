package io.p2pcam.protocol.identity;

import io.p2pcam.protocol.hash.SeededHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A camera's self-certifying identifier: the first 120 bits of
 * {@code SHA-256("p2pcam camera id v1" || ed25519 public key || x25519 public key)}.
 *
 * <p>Anyone holding the camera's {@link CameraPublicKey} can check it against the ID
 * ({@link #matches}), so a viewer never has to believe the cloud about who a camera is. 120 bits
 * keep finding a second key for a given ID out of reach even across millions of cameras.
 *
 * <p>For people the ID is written as 24 Crockford base32 symbols plus one Luhn mod 32 check
 * symbol, in five groups of five: {@code 7K3QF-9XH2M-TB4RW-ZC8NJ-Q5E0D}. Parsing ignores case,
 * dashes and spaces, and accepts the look-alikes O, I and L. Immutable and thread-safe.
 */
public final class CameraId {
    /** Bytes of hash kept: 120 bits. */
    public static final int BYTES = 15;
    /** Base32 symbols of the hash, without the check symbol. */
    static final int SYMBOLS = BYTES * 8 / 5;
    /** Symbols as typed, check symbol included, separators excluded. */
    public static final int TEXT_LENGTH = SYMBOLS + 1;

    private static final byte[] DOMAIN = "p2pcam camera id v1".getBytes(StandardCharsets.US_ASCII);
    /**
     * One SHA-256 per thread: the cloud derives an ID for every REGISTER and RESUME, and
     * {@code MessageDigest.getInstance} (a provider lookup) showed in a restart storm's profile.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private final byte[] bytes;

    private CameraId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The ID a public key has. */
    public static CameraId of(CameraPublicKey key) {
        MessageDigest sha256 = SHA_256.get();
        sha256.reset();
        sha256.update(DOMAIN);
        sha256.update(key.signingKey());
        sha256.update(key.agreementKey());
        return new CameraId(Arrays.copyOf(sha256.digest(), BYTES));
    }

    /** An ID from its {@value #BYTES} wire bytes (every value is a well-formed ID). */
    public static CameraId fromBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("camera ID needs " + BYTES + " bytes, got " + bytes.length);
        }
        return new CameraId(bytes.clone());
    }

    /**
     * Reads an ID as a person typed or pasted it.
     *
     * @throws CameraIdFormatException with a message such as "bad character 'U' at 7",
     *     "wrong length: a camera ID has 25 characters, this has 24" or
     *     "check character mismatch: there is a typo somewhere in this ID"
     */
    public static CameraId parse(String text) throws CameraIdFormatException {
        String input = text == null ? "" : text.strip();
        if (input.isEmpty()) {
            throw new CameraIdFormatException(CameraIdFormatException.Reason.EMPTY, 0, "no camera ID given");
        }
        int[] symbols = new int[TEXT_LENGTH];
        int count = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '-' || c == ' ') {
                continue;
            }
            int value = Crockford32.valueOf(c);
            if (value < 0) {
                throw new CameraIdFormatException(
                        CameraIdFormatException.Reason.BAD_CHARACTER, i + 1, "bad character '" + c + "' at " + (i + 1));
            }
            if (count < TEXT_LENGTH) {
                symbols[count] = value;
            }
            count++;
        }
        if (count != TEXT_LENGTH) {
            throw new CameraIdFormatException(
                    CameraIdFormatException.Reason.WRONG_LENGTH,
                    0,
                    "wrong length: a camera ID has " + TEXT_LENGTH + " characters, this has " + count);
        }
        int[] body = Arrays.copyOf(symbols, SYMBOLS);
        if (Crockford32.luhnCheck(body) != symbols[SYMBOLS]) {
            throw new CameraIdFormatException(
                    CameraIdFormatException.Reason.CHECK_MISMATCH,
                    0,
                    "check character mismatch: there is a typo somewhere in this ID");
        }
        return new CameraId(Crockford32.fromSymbols(body));
    }

    /** Whether {@code key} is the key this ID was made from. */
    public boolean matches(CameraPublicKey key) {
        return MessageDigest.isEqual(bytes, of(key).bytes);
    }

    /** The {@value #BYTES} wire bytes (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the wire bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, BYTES);
    }

    /** The form for people: five dash-separated groups of five symbols, the last one ending in the check symbol. */
    @Override
    public String toString() {
        int[] symbols = Crockford32.toSymbols(bytes);
        StringBuilder text = new StringBuilder(TEXT_LENGTH + 4);
        for (int i = 0; i < SYMBOLS; i++) {
            if (i > 0 && i % 5 == 0) {
                text.append('-');
            }
            text.append(Crockford32.symbol(symbols[i]));
        }
        return text.append(Crockford32.symbol(Crockford32.luhnCheck(symbols))).toString();
    }

    /** Lower-case hex of the wire bytes, for logs and metrics labels where dashes are a nuisance. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CameraId id && Arrays.equals(bytes, id.bytes);
    }

    /**
     * Under a secret seed ({@link SeededHash}): the wire takes any 15 bytes as an ID, so under a
     * public hash (Arrays.hashCode) a sender could write thousands of IDs with one hash code, and
     * the HashMaps that hold IDs a sender names (a cluster node's registry cache) would search them
     * key by key (CameraIdTest).
     */
    @Override
    public int hashCode() {
        return SeededHash.of(bytes);
    }
}
