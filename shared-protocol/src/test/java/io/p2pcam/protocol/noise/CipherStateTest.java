package io.p2pcam.protocol.noise;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CipherStateTest {

    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] AD = "header".getBytes(UTF_8);
    private static final byte[] DATAGRAM = "video slice".getBytes(UTF_8);

    private final CipherState sender = new CipherState(KEY);
    private final CipherState receiver = new CipherState(KEY);

    @Test
    void theAeadNonceIsFourZeroBytesThenTheCounterLittleEndian() {
        assertThat(HexFormat.of().formatHex(CipherState.nonceBytes(0x0102030405060708L)))
                .isEqualTo("000000000807060504030201");
    }

    @Test
    void withoutAKeyPlaintextPassesThrough() throws NoiseException {
        CipherState empty = new CipherState();

        assertThat(empty.encryptWithAd(AD, DATAGRAM)).isEqualTo(DATAGRAM);
        assertThat(empty.decryptWithAd(AD, DATAGRAM)).isEqualTo(DATAGRAM);
        assertThat(empty.nonce()).isZero();
        assertThatThrownBy(() -> empty.encryptWithNonce(0, AD, DATAGRAM)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void explicitNoncesDecryptInAnyOrderWithoutMovingTheCounter() throws NoiseException {
        byte[] third = sender.encryptWithNonce(3, AD, "three".getBytes(UTF_8));
        byte[] first = sender.encryptWithNonce(1, AD, "one".getBytes(UTF_8));

        assertThat(receiver.decryptWithNonce(3, AD, third)).isEqualTo("three".getBytes(UTF_8));
        assertThat(receiver.decryptWithNonce(1, AD, first)).isEqualTo("one".getBytes(UTF_8));
        assertThat(sender.nonce()).isZero();
        assertThat(receiver.nonce()).isZero();
    }

    @Test
    void decryptingWithTheWrongNonceFails() {
        byte[] sealed = sender.encryptWithNonce(41, AD, DATAGRAM);

        assertThatThrownBy(() -> receiver.decryptWithNonce(42, AD, sealed))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void decryptingWithTamperedAssociatedDataFails() {
        byte[] sealed = sender.encryptWithNonce(7, AD, DATAGRAM);

        assertThatThrownBy(() -> receiver.decryptWithNonce(7, "headex".getBytes(UTF_8), sealed))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void decryptingATamperedCiphertextFails() {
        byte[] sealed = sender.encryptWithNonce(7, AD, DATAGRAM);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertThatThrownBy(() -> receiver.decryptWithNonce(7, AD, tampered))
                    .as("byte %d", i)
                    .isInstanceOf(NoiseException.class);
        }
    }

    @Test
    void aCiphertextShorterThanTheTagIsMalformed() {
        assertThatThrownBy(() -> receiver.decryptWithNonce(0, AD, new byte[15]))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.MALFORMED_MESSAGE);
    }

    @Test
    void theReservedNonceIsRefusedBothWays() {
        assertThatThrownBy(() -> sender.encryptWithNonce(-1L, AD, DATAGRAM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> receiver.decryptWithNonce(-1L, AD, new byte[32]))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.NONCE_EXHAUSTED);
    }

    @Test
    void theLargestUsableNonceIsTwoToTheSixtyFourMinusTwo() throws NoiseException {
        byte[] sealed = sender.encryptWithNonce(CipherState.MAX_NONCE, AD, DATAGRAM);

        assertThat(receiver.decryptWithNonce(CipherState.MAX_NONCE, AD, sealed)).isEqualTo(DATAGRAM);
    }

    @Test
    void theCounterStopsAtTheReservedNonce() throws NoiseException {
        sender.setNonce(CipherState.MAX_NONCE);
        receiver.setNonce(CipherState.MAX_NONCE);

        assertThat(receiver.decryptWithAd(AD, sender.encryptWithAd(AD, DATAGRAM)))
                .isEqualTo(DATAGRAM);
        assertThatThrownBy(() -> sender.encryptWithAd(AD, DATAGRAM)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> receiver.decryptWithAd(AD, new byte[32]))
                .asInstanceOf(type(NoiseException.class))
                .extracting(NoiseException::reason)
                .isEqualTo(NoiseException.Reason.NONCE_EXHAUSTED);
    }

    @Test
    void aFailedDecryptionDoesNotAdvanceTheCounter() throws NoiseException {
        byte[] sealed = sender.encryptWithAd(AD, DATAGRAM);

        assertThatThrownBy(() -> receiver.decryptWithAd(AD, new byte[sealed.length]))
                .isInstanceOf(NoiseException.class);
        assertThat(receiver.nonce()).isZero();
        assertThat(receiver.decryptWithAd(AD, sealed)).isEqualTo(DATAGRAM);
        assertThat(receiver.nonce()).isOne();
    }

    @Test
    void rekeyingIsRecommendedFromTwoToTheSixtyOn() {
        assertThat(CipherState.isRekeyDue((1L << 60) - 1)).isFalse();
        assertThat(CipherState.isRekeyDue(1L << 60)).isTrue();
        assertThat(CipherState.isRekeyDue(Long.MIN_VALUE))
                .as("2^63 is large, not negative")
                .isTrue();
        sender.setNonce(1L << 60);
        assertThat(sender.rekeyRecommended()).isTrue();
    }

    @Test
    void bothSidesRekeyingKeepsThemInStepUnderANewKey() throws NoiseException {
        byte[] beforeRekey = sender.encryptWithNonce(5, AD, DATAGRAM);
        sender.rekey();
        receiver.rekey();

        byte[] afterRekey = sender.encryptWithNonce(5, AD, DATAGRAM);
        assertThat(afterRekey).isNotEqualTo(beforeRekey);
        assertThat(receiver.decryptWithNonce(5, AD, afterRekey)).isEqualTo(DATAGRAM);
        assertThatThrownBy(() -> receiver.decryptWithNonce(5, AD, beforeRekey)).isInstanceOf(NoiseException.class);
    }

    @Test
    void encryptingTwiceInARowUnderOneNonceIsRefusedWhileDecryptingTwiceIsNot() throws NoiseException {
        byte[] sealed = sender.encryptWithNonce(9, AD, DATAGRAM);

        assertThatThrownBy(() -> sender.encryptWithNonce(9, AD, DATAGRAM)).isInstanceOf(IllegalStateException.class);
        assertThat(receiver.decryptWithNonce(9, AD, sealed)).isEqualTo(DATAGRAM);
        assertThat(receiver.decryptWithNonce(9, AD, sealed)).isEqualTo(DATAGRAM);
    }

    @Test
    void nextKeyIsRekeyOfACopyAndLeavesTheCurrentKeyAlone() throws NoiseException {
        byte[] underCurrent = sender.encryptWithNonce(7, AD, DATAGRAM);
        CipherState next = sender.nextKey();
        receiver.rekey();

        byte[] underNext = next.encryptWithNonce(7, AD, DATAGRAM);
        assertThat(receiver.decryptWithNonce(7, AD, underNext)).isEqualTo(DATAGRAM);
        // A copy: one state refuses to encrypt again under the key and nonce it has just used.
        assertThat(sender.copy().encryptWithNonce(7, AD, DATAGRAM)).isEqualTo(underCurrent);
        assertThat(next.nonce()).isZero();
    }
}
