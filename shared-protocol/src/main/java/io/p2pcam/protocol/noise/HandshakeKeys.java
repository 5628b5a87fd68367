package io.p2pcam.protocol.noise;

/**
 * The key variables of a HandshakeState (§5.3): {@code s}, {@code e}, {@code rs}, {@code re}; any may be
 * absent (null). Immutable, so a handshake message can be processed on a candidate set and committed
 * only if it succeeds.
 */
record HandshakeKeys(KeyPair localStatic, KeyPair localEphemeral, byte[] remoteStatic, byte[] remoteEphemeral) {

    HandshakeKeys withLocalEphemeral(KeyPair e) {
        return new HandshakeKeys(localStatic, e, remoteStatic, remoteEphemeral);
    }

    HandshakeKeys withRemoteStatic(byte[] rs) {
        return new HandshakeKeys(localStatic, localEphemeral, rs, remoteEphemeral);
    }

    HandshakeKeys withRemoteEphemeral(byte[] re) {
        return new HandshakeKeys(localStatic, localEphemeral, remoteStatic, re);
    }

    /** The DH a token calls for (§5.3), from the point of view of {@code local}. */
    byte[] dh(Token token, Role local) throws NoiseException {
        boolean initiator = local == Role.INITIATOR;
        return switch (token) {
            case EE -> X25519.dh(require(localEphemeral, "e"), require(remoteEphemeral, "re"));
            case ES ->
                initiator
                        ? X25519.dh(require(localEphemeral, "e"), require(remoteStatic, "rs"))
                        : X25519.dh(require(localStatic, "s"), require(remoteEphemeral, "re"));
            case SE ->
                initiator
                        ? X25519.dh(require(localStatic, "s"), require(remoteEphemeral, "re"))
                        : X25519.dh(require(localEphemeral, "e"), require(remoteStatic, "rs"));
            case SS -> X25519.dh(require(localStatic, "s"), require(remoteStatic, "rs"));
            case E, S -> throw new IllegalArgumentException("not a DH token: " + token);
        };
    }

    private static <T> T require(T key, String name) {
        if (key == null) {
            throw new IllegalStateException("key '" + name + "' is missing: the pattern was not validated");
        }
        return key;
    }
}
