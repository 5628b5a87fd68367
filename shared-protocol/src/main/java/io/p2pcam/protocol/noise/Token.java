package io.p2pcam.protocol.noise;

import java.util.Locale;

/**
 * The tokens of a handshake message pattern (Noise §7.1). {@code e} and {@code s} send a public key;
 * the other four mix a Diffie-Hellman result into the chaining key. (The {@code psk} modifier of §9 is
 * not supported.)
 */
public enum Token {
    E,
    S,
    EE,
    ES,
    SE,
    SS;

    /** Whether this token sends a public key rather than performing a DH. */
    public boolean sendsKey() {
        return this == E || this == S;
    }

    /** The lower-case spelling the spec uses ({@code "es"}). */
    public String notation() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the spec's spelling of a token.
     *
     * @throws IllegalArgumentException if {@code text} is not one of the six tokens
     */
    public static Token fromNotation(String text) {
        for (Token token : values()) {
            if (token.notation().equals(text)) {
                return token;
            }
        }
        throw new IllegalArgumentException("not a Noise token: '" + text + "'");
    }
}
