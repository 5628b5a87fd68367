package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the published cacophony vectors (see src/test/resources/noise/README.md) for every pattern
 * we define: each handshake message and each transport message must match byte for byte, both ways.
 */
class CacophonyVectorsTest {

    private static final byte[] NO_AD = new byte[0];

    static Stream<HandshakePattern> patterns() {
        return HandshakePattern.all().stream();
    }

    @Test
    void everyDefinedPatternHasAPublishedVector() {
        assertThat(HandshakePattern.all())
                .extracting(HandshakePattern::name)
                .containsExactlyInAnyOrder(
                        "N", "K", "X", "NN", "NK", "NX", "KN", "KK", "KX", "XN", "XK", "XX", "IN", "IK", "IX");
        patterns()
                .forEach(p ->
                        assertThat(NoiseVector.load(p.protocolName()).name()).isEqualTo(p.protocolName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void everyHandshakeAndTransportMessageMatchesTheVector(HandshakePattern pattern) throws NoiseException {
        NoiseVector vector = NoiseVector.load(pattern.protocolName());
        HandshakeState initiator = configure(HandshakeState.initiator(pattern, new NoRandomness()), vector, "init_");
        HandshakeState responder = configure(HandshakeState.responder(pattern, new NoRandomness()), vector, "resp_");
        int handshakeMessages = pattern.messages().size();
        Split initiatorKeys = null;
        Split responderKeys = null;
        List<NoiseVector.Message> messages = vector.messages();
        for (int i = 0; i < messages.size(); i++) {
            NoiseVector.Message message = messages.get(i);
            boolean initiatorSends = pattern.isOneWay() || i % 2 == 0;
            if (i < handshakeMessages) {
                HandshakeState sender = initiatorSends ? initiator : responder;
                HandshakeState receiver = initiatorSends ? responder : initiator;
                assertThat(hex(sender.writeMessage(message.payload())))
                        .as("handshake message %d", i)
                        .isEqualTo(hex(message.ciphertext()));
                assertThat(receiver.readMessage(message.ciphertext())).isEqualTo(message.payload());
            } else {
                if (initiatorKeys == null) {
                    assertBothCompleteWithTheSameHash(initiator, responder);
                    initiatorKeys = initiator.split();
                    responderKeys = responder.split();
                }
                Split sender = initiatorSends ? initiatorKeys : responderKeys;
                Split receiver = initiatorSends ? responderKeys : initiatorKeys;
                assertTransportMessage(sender.sending(), receiver.receiving(), message, i);
            }
        }
        assertThat(initiatorKeys).as("the vector has transport messages").isNotNull();
        if (vector.bytes("init_static").isPresent() && !pattern.needsRemoteStaticUpFront(Role.RESPONDER)) {
            assertThat(responder.remoteStaticKey())
                    .get()
                    .satisfies(key -> assertThat(key)
                            .isEqualTo(KeyPair.fromPrivateKey(
                                            vector.bytes("init_static").orElseThrow())
                                    .publicKey()));
        }
    }

    @Test
    void theVectorsRemoteStaticKeysAreThePublicHalvesOfTheStaticKeys() {
        NoiseVector kk = NoiseVector.load(HandshakePattern.KK.protocolName());
        assertThat(KeyPair.fromPrivateKey(kk.bytes("resp_static").orElseThrow()).publicKey())
                .isEqualTo(kk.bytes("init_remote_static").orElseThrow());
        assertThat(KeyPair.fromPrivateKey(kk.bytes("init_static").orElseThrow()).publicKey())
                .isEqualTo(kk.bytes("resp_remote_static").orElseThrow());
    }

    /**
     * The implicit counter and the explicit-nonce API must produce the same bytes for the same nonce. The
     * explicit one encrypts with a copy of the state: one state refuses to encrypt under the nonce it has
     * just used (the JDK's check on a Cipher set up again with the same key and nonce).
     */
    private static void assertTransportMessage(
            CipherState sending, CipherState receiving, NoiseVector.Message message, int index) throws NoiseException {
        long nonce = sending.nonce();
        assertThat(hex(sending.copy().encryptWithNonce(nonce, NO_AD, message.payload())))
                .as("explicit nonce, message %d", index)
                .isEqualTo(hex(message.ciphertext()));
        assertThat(hex(sending.encryptWithAd(NO_AD, message.payload())))
                .as("transport message %d", index)
                .isEqualTo(hex(message.ciphertext()));
        assertThat(receiving.decryptWithNonce(nonce, NO_AD, message.ciphertext()))
                .isEqualTo(message.payload());
        assertThat(receiving.decryptWithAd(NO_AD, message.ciphertext())).isEqualTo(message.payload());
    }

    private static void assertBothCompleteWithTheSameHash(HandshakeState initiator, HandshakeState responder) {
        assertThat(initiator.isComplete()).isTrue();
        assertThat(responder.isComplete()).isTrue();
        assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
    }

    private static HandshakeState configure(HandshakeBuilder builder, NoiseVector vector, String prefix) {
        vector.bytes(prefix + "prologue").ifPresent(builder::prologue);
        vector.bytes(prefix + "static").map(KeyPair::fromPrivateKey).ifPresent(builder::localStatic);
        vector.bytes(prefix + "ephemeral").map(KeyPair::fromPrivateKey).ifPresent(builder::localEphemeral);
        vector.bytes(prefix + "remote_static").ifPresent(builder::remoteStatic);
        return builder.build();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
