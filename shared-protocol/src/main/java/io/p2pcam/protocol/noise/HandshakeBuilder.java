package io.p2pcam.protocol.noise;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Collects what one party brings to a handshake (§5.3 Initialize) and checks it against the pattern
 * before any message is processed: a missing or unusable key is a configuration error
 * ({@link IllegalArgumentException}), not something to discover mid-handshake. Obtained from
 * {@link HandshakeState#initiator} or {@link HandshakeState#responder}; single use, not thread-safe.
 */
public final class HandshakeBuilder {

    private final HandshakePattern pattern;
    private final Role role;
    private final SecureRandom random;
    private byte[] prologue = new byte[0];
    private KeyPair localStatic;
    private KeyPair localEphemeral;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;

    HandshakeBuilder(HandshakePattern pattern, Role role, SecureRandom random) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.role = role;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Data both parties must agree on, bound into the handshake hash (§6); empty by default. */
    public HandshakeBuilder prologue(byte[] bytes) {
        prologue = bytes.clone();
        return this;
    }

    /** This party's long-term key pair {@code s}. */
    public HandshakeBuilder localStatic(KeyPair keyPair) {
        localStatic = Objects.requireNonNull(keyPair, "keyPair");
        return this;
    }

    /** The peer's static public key {@code rs}, for patterns where it is known in advance (IK, NK, KK...). */
    public HandshakeBuilder remoteStatic(byte[] publicKey) {
        remoteStatic = requireKeyLength(publicKey).clone();
        return this;
    }

    /**
     * Fixes the ephemeral key pair {@code e} instead of drawing it from the random source. For test
     * vectors only: reusing an ephemeral key destroys forward secrecy.
     */
    public HandshakeBuilder localEphemeral(KeyPair keyPair) {
        localEphemeral = Objects.requireNonNull(keyPair, "keyPair");
        return this;
    }

    /** The peer's ephemeral public key {@code re}, only for patterns with {@code e} in a pre-message. */
    public HandshakeBuilder remoteEphemeral(byte[] publicKey) {
        remoteEphemeral = requireKeyLength(publicKey).clone();
        return this;
    }

    /**
     * The initialized handshake.
     *
     * @throws IllegalArgumentException if the pattern needs a key that was not given, a remote key is of
     *                                  small order, or a remote static key is given that the pattern transmits
     */
    public HandshakeState build() {
        String who = "Noise " + pattern.name() + " " + role;
        if (pattern.needsLocalStatic(role) && localStatic == null) {
            throw new IllegalArgumentException(who + " needs a local static key pair");
        }
        boolean rsUpFront = pattern.needsRemoteStaticUpFront(role);
        if (rsUpFront && remoteStatic == null) {
            throw new IllegalArgumentException(who + " needs the peer's static public key");
        }
        if (!rsUpFront && remoteStatic != null) {
            throw new IllegalArgumentException(who + " receives the peer's static key in the handshake");
        }
        if (pattern.preMessage(role).contains(Token.E) && localEphemeral == null) {
            throw new IllegalArgumentException(who + " needs its ephemeral key pair up front");
        }
        if (pattern.preMessage(role.peer()).contains(Token.E) != (remoteEphemeral != null)) {
            throw new IllegalArgumentException(who + ": a remote ephemeral key goes with an 'e' pre-message");
        }
        requireUsable(remoteStatic, "static");
        requireUsable(remoteEphemeral, "ephemeral");
        return new HandshakeState(this);
    }

    HandshakePattern pattern() {
        return pattern;
    }

    Role role() {
        return role;
    }

    SecureRandom random() {
        return random;
    }

    byte[] prologue() {
        return prologue.clone();
    }

    HandshakeKeys keys() {
        return new HandshakeKeys(localStatic, localEphemeral, remoteStatic, remoteEphemeral);
    }

    private static byte[] requireKeyLength(byte[] publicKey) {
        if (publicKey == null || publicKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 public key has " + X25519.KEY_LENGTH + " bytes");
        }
        return publicKey;
    }

    private static void requireUsable(byte[] publicKey, String which) {
        if (publicKey == null) {
            return;
        }
        try {
            X25519.requireUsable(publicKey);
        } catch (NoiseException e) {
            throw new IllegalArgumentException("the peer's " + which + " public key is of small order", e);
        }
    }
}
