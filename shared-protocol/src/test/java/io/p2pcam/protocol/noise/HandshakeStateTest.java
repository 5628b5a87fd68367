package io.p2pcam.protocol.noise;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Two in-memory peers shaking hands, mostly with IK, the pattern the camera session uses. */
class HandshakeStateTest {

    private static final byte[] NO_AD = new byte[0];

    private final SecureRandom random = SeededRandom.withSeed(7);
    private final KeyPair viewer = KeyPair.generate(random);
    private final KeyPair camera = KeyPair.generate(random);

    @Test
    void ikWithFreshKeysCompletesAndCarriesTransportBothWays() throws NoiseException {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();

        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));

        assertThat(initiator.isComplete()).isTrue();
        assertThat(responder.isComplete()).isTrue();
        assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
        assertThat(responder.remoteStaticKey()).get().isEqualTo(viewer.publicKey());
        Split viewerKeys = initiator.split();
        Split cameraKeys = responder.split();
        byte[] request = "GET /live".getBytes(UTF_8);
        byte[] frame = "frame 1".getBytes(UTF_8);
        assertThat(cameraKeys
                        .receiving()
                        .decryptWithAd(NO_AD, viewerKeys.sending().encryptWithAd(NO_AD, request)))
                .isEqualTo(request);
        assertThat(viewerKeys
                        .receiving()
                        .decryptWithAd(NO_AD, cameraKeys.sending().encryptWithAd(NO_AD, frame)))
                .isEqualTo(frame);
    }

    @Test
    void payloadsTravelInsideBothHandshakeMessages() throws NoiseException {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();
        byte[] hello = "hello camera, I am the viewer".getBytes(UTF_8);
        byte[] welcome = "welcome, stream 3 is yours".getBytes(UTF_8);

        byte[] first = initiator.writeMessage(hello);
        assertThat(responder.readMessage(first)).isEqualTo(hello);
        byte[] second = responder.writeMessage(welcome);
        assertThat(initiator.readMessage(second)).isEqualTo(welcome);

        assertThat(new String(first, UTF_8)).doesNotContain("viewer");
        assertThat(first).hasSize(32 + 48 + hello.length + 16);
        assertThat(second).hasSize(32 + welcome.length + 16);
    }

    @Test
    void flippingAnyByteOfTheFirstMessageIsRejectedAndTheGenuineMessageStillWorks() throws NoiseException {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();
        byte[] genuine = initiator.writeMessage("payload".getBytes(UTF_8));

        for (int i = 0; i < genuine.length; i++) {
            byte[] tampered = genuine.clone();
            tampered[i] ^= (byte) 0xff;
            assertThatThrownBy(() -> responder.readMessage(tampered))
                    .as("byte %d flipped", i)
                    .isInstanceOf(NoiseException.class);
        }

        assertThat(responder.readMessage(genuine)).isEqualTo("payload".getBytes(UTF_8));
    }

    @Test
    void flippingAnyByteOfTheSecondMessageIsRejectedAndTheGenuineMessageStillWorks() throws NoiseException {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] genuine = responder.writeMessage("ok".getBytes(UTF_8));

        for (int i = 0; i < genuine.length; i++) {
            byte[] tampered = genuine.clone();
            tampered[i] ^= (byte) 0xff;
            assertThatThrownBy(() -> initiator.readMessage(tampered))
                    .as("byte %d flipped", i)
                    .isInstanceOf(NoiseException.class);
        }

        assertThat(initiator.readMessage(genuine)).isEqualTo("ok".getBytes(UTF_8));
        assertThat(initiator.isComplete()).isTrue();
    }

    @Test
    void aMessageCutShortAtAnyLengthIsRejected() {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();
        byte[] genuine = initiator.writeMessage(new byte[0]);

        for (int length = 0; length < genuine.length; length++) {
            byte[] truncated = Arrays.copyOf(genuine, length);
            assertThatThrownBy(() -> responder.readMessage(truncated))
                    .as("length %d", length)
                    .isInstanceOf(NoiseException.class);
        }
    }

    @Test
    void anInitiatorThatBelievesTheWrongResponderKeyIsRefused() {
        byte[] someoneElse = KeyPair.generate(random).publicKey();
        HandshakeState initiator = ikInitiator(someoneElse);
        HandshakeState responder = ikResponder();

        assertThatThrownBy(() -> responder.readMessage(initiator.writeMessage(new byte[0])))
                .isInstanceOf(NoiseException.class)
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void differentProloguesMakeTheHandshakeFail() {
        HandshakeState initiator = HandshakeState.initiator(HandshakePattern.IK, random)
                .prologue("p2pcam/1".getBytes(UTF_8))
                .localStatic(viewer)
                .remoteStatic(camera.publicKey())
                .build();
        HandshakeState responder = HandshakeState.responder(HandshakePattern.IK, random)
                .prologue("p2pcam/2".getBytes(UTF_8))
                .localStatic(camera)
                .build();

        assertThatThrownBy(() -> responder.readMessage(initiator.writeMessage(new byte[0])))
                .isInstanceOf(NoiseException.class);
    }

    @Test
    void anEphemeralKeyOfSmallOrderIsRejectedAsAnInvalidKey() {
        HandshakeState responder = ikResponder();
        byte[] forged = new byte[32 + 48 + 16];

        assertThatThrownBy(() -> responder.readMessage(forged))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.INVALID_PUBLIC_KEY);
    }

    @Test
    void aMessageLongerThanNoiseAllowsIsRejected() {
        HandshakeState responder = ikResponder();

        assertThatThrownBy(() -> responder.readMessage(new byte[65536]))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.MALFORMED_MESSAGE);
    }

    @Test
    void aPayloadTooLargeForOneMessageIsRefusedAndLeavesTheStateUnchanged() throws NoiseException {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();

        assertThatThrownBy(() -> initiator.writeMessage(new byte[65535])).isInstanceOf(IllegalArgumentException.class);

        responder.readMessage(initiator.writeMessage(new byte[0]));
        assertThat(responder.isMyTurnToWrite()).isTrue();
    }

    @Test
    void callingOutOfTurnIsAProgrammingError() throws NoiseException {
        HandshakeState initiator = ikInitiator(camera.publicKey());
        HandshakeState responder = ikResponder();

        assertThatThrownBy(() -> responder.writeMessage(new byte[0])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> initiator.readMessage(new byte[48])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(initiator::split).isInstanceOf(IllegalStateException.class);

        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(new byte[0]));
        assertThatThrownBy(() -> initiator.writeMessage(new byte[0])).isInstanceOf(IllegalStateException.class);
        initiator.split();
        assertThatThrownBy(initiator::split).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBuilderRefusesMissingOrUnusableKeys() {
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.IK, random)
                        .localStatic(viewer)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("peer's static public key");
        assertThatThrownBy(() ->
                        HandshakeState.responder(HandshakePattern.IK, random).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local static key pair");
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.IK, random)
                        .localStatic(viewer)
                        .remoteStatic(new byte[32])
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("small order");
        assertThatThrownBy(() -> HandshakeState.initiator(HandshakePattern.XX, random)
                        .localStatic(viewer)
                        .remoteStatic(camera.publicKey())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("receives");
    }

    static Stream<HandshakePattern> patterns() {
        return HandshakePattern.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void everyPatternCompletesWithRandomKeysAndAgreesOnTransportKeys(HandshakePattern pattern) throws NoiseException {
        HandshakeBuilder initiatorBuilder =
                HandshakeState.initiator(pattern, random).localStatic(viewer);
        HandshakeBuilder responderBuilder =
                HandshakeState.responder(pattern, random).localStatic(camera);
        if (pattern.needsRemoteStaticUpFront(Role.INITIATOR)) {
            initiatorBuilder.remoteStatic(camera.publicKey());
        }
        if (pattern.needsRemoteStaticUpFront(Role.RESPONDER)) {
            responderBuilder.remoteStatic(viewer.publicKey());
        }
        HandshakeState initiator = initiatorBuilder.build();
        HandshakeState responder = responderBuilder.build();

        while (!initiator.isComplete() || !responder.isComplete()) {
            HandshakeState sender = initiator.isMyTurnToWrite() ? initiator : responder;
            HandshakeState receiver = sender == initiator ? responder : initiator;
            receiver.readMessage(sender.writeMessage("hi".getBytes(UTF_8)));
        }

        assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
        byte[] sealed = initiator.split().sending().encryptWithAd(NO_AD, "data".getBytes(UTF_8));
        assertThat(responder.split().receiving().decryptWithAd(NO_AD, sealed)).isEqualTo("data".getBytes(UTF_8));
    }

    private HandshakeState ikInitiator(byte[] believedCameraKey) {
        return HandshakeState.initiator(HandshakePattern.IK, random)
                .localStatic(viewer)
                .remoteStatic(believedCameraKey)
                .build();
    }

    private HandshakeState ikResponder() {
        return HandshakeState.responder(HandshakePattern.IK, random)
                .localStatic(camera)
                .build();
    }
}
