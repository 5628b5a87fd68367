package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class X25519Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 7748 §6.1. */
    private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";

    private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    @Test
    void publicKeysAndTheSharedSecretMatchRfc7748() throws NoiseException {
        KeyPair alice = KeyPair.fromPrivateKey(HEX.parseHex(ALICE_PRIVATE));
        KeyPair bob = KeyPair.fromPrivateKey(HEX.parseHex(BOB_PRIVATE));

        assertThat(HEX.formatHex(alice.publicKey())).isEqualTo(ALICE_PUBLIC);
        assertThat(HEX.formatHex(bob.publicKey())).isEqualTo(BOB_PUBLIC);
        assertThat(HEX.formatHex(X25519.dh(alice, bob.publicKey()))).isEqualTo(SHARED);
        assertThat(HEX.formatHex(X25519.dh(bob, alice.publicKey()))).isEqualTo(SHARED);
    }

    @Test
    void aGeneratedKeyPairHoldsTheMatchingPublicKey() {
        KeyPair generated = KeyPair.generate(SeededRandom.withSeed(1));

        assertThat(generated.publicKey()).isEqualTo(X25519.publicKeyOf(generated.privateKey()));
    }

    @Test
    void theTopBitOfAReceivedPublicKeyIsIgnored() throws NoiseException {
        KeyPair alice = KeyPair.fromPrivateKey(HEX.parseHex(ALICE_PRIVATE));
        byte[] bobWithTopBit = HEX.parseHex(BOB_PUBLIC);
        bobWithTopBit[31] |= (byte) 0x80;

        assertThat(HEX.formatHex(X25519.dh(alice, bobWithTopBit))).isEqualTo(SHARED);
    }

    @Test
    void pointsOfSmallOrderAreRejected() {
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;

        for (byte[] point : new byte[][] {zero, one}) {
            assertThatThrownBy(() -> X25519.requireUsable(point))
                    .asInstanceOf(type(NoiseException.class))
                    .extracting(NoiseException::reason)
                    .isEqualTo(NoiseException.Reason.INVALID_PUBLIC_KEY);
        }
    }

    @Test
    void uCoordinatesAreLittleEndian() {
        byte[] nine = new byte[32];
        nine[0] = 9;

        assertThat(X25519.decodeU(nine)).isEqualTo(BigInteger.valueOf(9));
        assertThat(X25519.encodeU(BigInteger.valueOf(9))).isEqualTo(nine);
        assertThat(X25519.encodeU(X25519.decodeU(HEX.parseHex(ALICE_PUBLIC)))).isEqualTo(HEX.parseHex(ALICE_PUBLIC));
    }

    @Test
    void aKeyPairNeverPrintsItsPrivateKey() {
        KeyPair alice = KeyPair.fromPrivateKey(HEX.parseHex(ALICE_PRIVATE));

        assertThat(alice.toString()).contains(ALICE_PUBLIC).doesNotContain(ALICE_PRIVATE);
    }

    @Test
    void keysOfTheWrongLengthAreRefused() {
        assertThatThrownBy(() -> KeyPair.fromPrivateKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
