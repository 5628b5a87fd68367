package io.p2pcam.protocol.noise;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One party's side of a Noise handshake (§5.3), interpreting the tokens of a {@link HandshakePattern}.
 * Parties take turns: {@link #writeMessage} when {@link #isMyTurnToWrite()}, {@link #readMessage} when
 * the peer's message arrives, until {@link #isComplete()}; then {@link #split()} once for the transport
 * keys. Build one with {@link #initiator} or {@link #responder}.
 *
 * <p>Each message is processed on a copy of the state and committed only when it succeeds, so a forged
 * or corrupted datagram raises {@link NoiseException} and leaves the handshake exactly as it was: the
 * genuine message can still follow. Received public keys are checked for small order as they arrive.
 *
 * <p>Not thread-safe. Owns its keys; byte arrays are copied in and out.
 */
public final class HandshakeState {

    private final HandshakePattern pattern;
    private final Role role;
    private final SecureRandom random;
    private SymmetricState symmetric;
    private HandshakeKeys keys;
    private int messageIndex;
    private boolean split;

    HandshakeState(HandshakeBuilder builder) {
        pattern = builder.pattern();
        role = builder.role();
        random = builder.random();
        keys = builder.keys();
        symmetric = SymmetricState.initialize(pattern.protocolName());
        symmetric.mixHash(builder.prologue());
        for (Role side : Role.values()) {
            for (Token token : pattern.preMessage(side)) {
                symmetric.mixHash(preMessageKey(side, token));
            }
        }
    }

    /** Starts building the initiator's side of {@code pattern}; {@code random} supplies ephemeral keys. */
    public static HandshakeBuilder initiator(HandshakePattern pattern, SecureRandom random) {
        return new HandshakeBuilder(pattern, Role.INITIATOR, random);
    }

    /** Starts building the responder's side of {@code pattern}; {@code random} supplies ephemeral keys. */
    public static HandshakeBuilder responder(HandshakePattern pattern, SecureRandom random) {
        return new HandshakeBuilder(pattern, Role.RESPONDER, random);
    }

    public Role role() {
        return role;
    }

    public HandshakePattern pattern() {
        return pattern;
    }

    /** Whether every message of the pattern has been written or read. */
    public boolean isComplete() {
        return messageIndex == pattern.messages().size();
    }

    /** Whether the next handshake message is ours to write. */
    public boolean isMyTurnToWrite() {
        return !isComplete() && pattern.messages().get(messageIndex).sender() == role;
    }

    /**
     * WriteMessage(payload): the next handshake message, carrying {@code payload} (encrypted once a key
     * has been mixed in, in the clear before that — see §7.7 on what early payloads reveal).
     *
     * @throws IllegalStateException    if it is the peer's turn or the handshake is complete
     * @throws IllegalArgumentException if the message would exceed 65535 bytes
     */
    public byte[] writeMessage(byte[] payload) {
        MessagePattern message = expectTurnOf(role);
        SymmetricState candidate = symmetric.copy();
        HandshakeKeys candidateKeys = keys;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Token token : message.tokens()) {
            switch (token) {
                case E -> {
                    KeyPair e = candidateKeys.localEphemeral() != null
                            ? candidateKeys.localEphemeral()
                            : KeyPair.generate(random);
                    candidateKeys = candidateKeys.withLocalEphemeral(e);
                    out.writeBytes(e.publicKey());
                    candidate.mixHash(e.publicKey());
                }
                case S ->
                    out.writeBytes(
                            candidate.encryptAndHash(candidateKeys.localStatic().publicKey()));
                default -> candidate.mixKey(dhWithCheckedKeys(candidateKeys, token));
            }
        }
        out.writeBytes(candidate.encryptAndHash(payload));
        if (out.size() > CipherState.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("handshake message of " + out.size() + " bytes exceeds 65535");
        }
        commit(candidate, candidateKeys);
        return out.toByteArray();
    }

    /**
     * ReadMessage(message): processes the peer's next handshake message and returns its payload.
     *
     * @throws NoiseException        if the message is malformed, does not authenticate or carries a
     *                               small-order key; the state is then unchanged
     * @throws IllegalStateException if it is our turn to write or the handshake is complete
     */
    public byte[] readMessage(byte[] message) throws NoiseException {
        MessagePattern expected = expectTurnOf(role.peer());
        if (message.length > CipherState.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(NoiseException.Reason.MALFORMED_MESSAGE, "handshake message over 65535 bytes");
        }
        SymmetricState candidate = symmetric.copy();
        HandshakeKeys candidateKeys = keys;
        int offset = 0;
        for (Token token : expected.tokens()) {
            switch (token) {
                case E -> {
                    byte[] re = slice(message, offset, X25519.KEY_LENGTH);
                    offset += re.length;
                    X25519.requireUsable(re);
                    candidate.mixHash(re);
                    candidateKeys = candidateKeys.withRemoteEphemeral(re);
                }
                case S -> {
                    int length = X25519.KEY_LENGTH + (candidate.hasKey() ? CipherState.TAG_LENGTH : 0);
                    byte[] sealed = slice(message, offset, length);
                    offset += length;
                    byte[] rs = candidate.decryptAndHash(sealed);
                    X25519.requireUsable(rs);
                    candidateKeys = candidateKeys.withRemoteStatic(rs);
                }
                default -> candidate.mixKey(candidateKeys.dh(token, role));
            }
        }
        byte[] payload = candidate.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
        commit(candidate, candidateKeys);
        return payload;
    }

    /**
     * The handshake hash {@code h} (§11.2): identical on both sides once complete, a channel binding for
     * the session. Before completion it is the running hash.
     */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** The peer's static public key, once known: given up front or received during the handshake. */
    public Optional<byte[]> remoteStaticKey() {
        return Optional.ofNullable(keys.remoteStatic()).map(byte[]::clone);
    }

    /**
     * Split(): the transport cipher states, oriented for this party. Callable once: a second pair of
     * the same keys would invite nonce reuse.
     *
     * @throws IllegalStateException if the handshake is not complete or was already split
     */
    public Split split() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake not complete: message " + messageIndex + " is next");
        }
        if (split) {
            throw new IllegalStateException("split() already called");
        }
        split = true;
        return symmetric.split(role);
    }

    private MessagePattern expectTurnOf(Role sender) {
        if (isComplete()) {
            throw new IllegalStateException("handshake already complete");
        }
        MessagePattern message = pattern.messages().get(messageIndex);
        if (message.sender() != sender) {
            throw new IllegalStateException("message " + messageIndex + " is the " + message.sender() + "'s to write");
        }
        return message;
    }

    private void commit(SymmetricState candidate, HandshakeKeys candidateKeys) {
        symmetric = candidate;
        keys = candidateKeys;
        messageIndex++;
    }

    private byte[] preMessageKey(Role side, Token token) {
        boolean local = side == role;
        byte[] key = switch (token) {
            case S -> local ? keys.localStatic().publicKey() : keys.remoteStatic();
            case E -> local ? keys.localEphemeral().publicKey() : keys.remoteEphemeral();
            default -> throw new IllegalStateException("pre-messages hold only e and s");
        };
        return Objects.requireNonNull(key, "the builder checks pre-message keys");
    }

    /** Remote keys were checked when they arrived or were configured, so a DH here cannot fail. */
    private byte[] dhWithCheckedKeys(HandshakeKeys candidateKeys, Token token) {
        try {
            return candidateKeys.dh(token, role);
        } catch (NoiseException e) {
            throw new IllegalStateException("a remote key escaped validation", e);
        }
    }

    private static byte[] slice(byte[] message, int offset, int length) throws NoiseException {
        if (message.length - offset < length) {
            throw new NoiseException(
                    NoiseException.Reason.MALFORMED_MESSAGE,
                    "handshake message of " + message.length + " bytes is too short");
        }
        return Arrays.copyOfRange(message, offset, offset + length);
    }
}
