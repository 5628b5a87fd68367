package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakePatternTest {

    @Test
    void ikIsParsedFromTheSpecNotation() {
        HandshakePattern ik = HandshakePattern.IK;

        assertThat(ik.initiatorPreMessage()).isEmpty();
        assertThat(ik.responderPreMessage()).containsExactly(Token.S);
        assertThat(ik.messages())
                .extracting(MessagePattern::toString)
                .containsExactly("-> e, es, s, ss", "<- e, ee, se");
        assertThat(ik.protocolName()).isEqualTo("Noise_IK_25519_ChaChaPoly_SHA256");
    }

    @Test
    void patternsAreFoundByName() {
        assertThat(HandshakePattern.byName("XX")).contains(HandshakePattern.XX);
        assertThat(HandshakePattern.byName("XY")).isEmpty();
    }

    @Test
    void onlyTheSingleMessagePatternsAreOneWay() {
        assertThat(HandshakePattern.all())
                .filteredOn(HandshakePattern::isOneWay)
                .containsExactly(HandshakePattern.N, HandshakePattern.K, HandshakePattern.X);
    }

    @Test
    void keyRequirementsFollowFromTheTokens() {
        assertThat(HandshakePattern.IK.needsLocalStatic(Role.INITIATOR)).isTrue();
        assertThat(HandshakePattern.IK.needsRemoteStaticUpFront(Role.INITIATOR)).isTrue();
        assertThat(HandshakePattern.IK.needsRemoteStaticUpFront(Role.RESPONDER)).isFalse();
        assertThat(HandshakePattern.NK.needsLocalStatic(Role.INITIATOR)).isFalse();
        assertThat(HandshakePattern.XX.needsLocalStatic(Role.RESPONDER)).isTrue();
    }

    @Test
    void messagesThatDoNotAlternateAreRefused() {
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "-> e", "-> s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alternate");
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "<- e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alternate");
    }

    @Test
    void aDiffieHellmanBeforeItsKeysAreKnownIsRefused() {
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "-> e, ee"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before its keys");
    }

    @Test
    void aTokenUsedTwiceIsRefused() {
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "-> e", "<- e, ee", "-> e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void unknownTokensAndMalformedLinesAreRefused() {
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "-> e, psk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("psk");
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "e, es")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakePattern.parse("Bad", "-> ee", "...", "-> e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pre-message");
    }

    @Test
    void aPatternNeedsAtLeastOneMessage() {
        assertThatThrownBy(() -> new HandshakePattern("Empty", List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
