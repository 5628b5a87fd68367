package io.p2pcam.protocol.pairing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A camera's viewer password as it travels in memory (docs/PROTOCOL.md §10.1): what the camera
 * admits unpaired viewers with and what a viewer proves once to pair. It never prints itself
 * ({@link #toString} says only whether there is one), so that a record holding it can be logged,
 * and it compares in time independent of where two passwords differ ({@link #matches}, built on
 * {@link MessageDigest#isEqual}). The bytes are the password's UTF-8 encoding, exactly what the
 * wire and viewer.json carry. Immutable and thread-safe.
 */
public final class Password {
    /** No password: a paired viewer sends this, and says "I believe I am paired" with it. */
    public static final Password NONE = new Password(new byte[0]);

    private final byte[] utf8;

    private Password(byte[] utf8) {
        this.utf8 = utf8;
    }

    /** The password {@code text}; null or "" is {@link #NONE}. */
    public static Password of(String text) {
        return text == null || text.isEmpty() ? NONE : new Password(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether there is no password (a paired viewer's hello, an entry whose camera has paired). */
    public boolean isEmpty() {
        return utf8.length == 0;
    }

    /** How many bytes the password takes on the wire (its UTF-8 encoding). */
    public int utf8Length() {
        return utf8.length;
    }

    /** A copy of the UTF-8 bytes, for the one codec that puts them on the wire. */
    public byte[] utf8() {
        return utf8.clone();
    }

    /**
     * The password as text, for the places that must show or store it (the password field, the
     * owner-only viewer.json); never for logs.
     */
    public String reveal() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code other} (the password presented) is this one (the password held), in time that
     * does not depend on where they differ, nor on this one's length: {@link MessageDigest#isEqual}
     * takes time in proportion to its first argument's length, so the guess goes first (a guesser
     * learns nothing from how long a refusal takes, not even how long the password is).
     */
    public boolean matches(Password other) {
        return MessageDigest.isEqual(other.utf8, utf8);
    }

    /** {@link #matches}: equal passwords, compared in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Password password && matches(password);
    }

    /** Only whether there is a password: a hash of the bytes would be a cheap oracle on them. */
    @Override
    public int hashCode() {
        return Boolean.hashCode(isEmpty());
    }

    @Override
    public String toString() {
        return isEmpty() ? "(none)" : "(redacted)";
    }
}
