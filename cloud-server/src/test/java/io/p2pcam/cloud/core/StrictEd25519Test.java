package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrictEd25519Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    record Vector(String name, String message, String key, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** RFC 8032 §7.1, tests 1 to 3: honest signatures verify. */
    static List<Vector> rfc8032() {
        return List.of(
                new Vector(
                        "RFC 8032 test 1 (empty message)",
                        "",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                new Vector(
                        "RFC 8032 test 2",
                        "72",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                new Vector(
                        "RFC 8032 test 3",
                        "af82",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
    }

    /**
     * The twelve edge cases of "Taming the many EdDSAs" (§5.1; the ed25519-speccheck cases), every
     * one refused: 0–2 small-order A or R, 3–5 mixed-order A (never an honest key), 6–7 S ≥ L,
     * 8–9 non-canonical R, 10–11 non-canonical small-order A. Plus the issue-13 trivial forgery.
     */
    static List<Vector> taming() {
        return List.of(
                new Vector(
                        "0: S = 0, small A, small R",
                        "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
                        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
                                + "0000000000000000000000000000000000000000000000000000000000000000"),
                new Vector(
                        "1: small A, mixed R",
                        "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
                        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43"
                                + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04"),
                new Vector(
                        "2: mixed A, small R",
                        "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
                        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"
                                + "8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e"),
                new Vector(
                        "3: mixed A, mixed R (passes cofactored and cofactorless)",
                        "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
                        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                        "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f"
                                + "87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009"),
                new Vector(
                        "4: mixed A, passes cofactored only",
                        "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
                        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                        "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed512"
                                + "5ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09"),
                new Vector(
                        "5: mixed A, pre-reduced scalar",
                        "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
                        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
                        "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7"
                                + "e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405"),
                new Vector(
                        "6: S > L",
                        "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
                        "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
                        "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e"
                                + "547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514"),
                new Vector(
                        "7: S >> L",
                        "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
                        "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
                        "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa1942"
                                + "7e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22"),
                new Vector(
                        "8: non-canonical R",
                        "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
                        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                                + "03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f"),
                new Vector(
                        "9: non-canonical R",
                        "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
                        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
                        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                                + "ca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908"),
                new Vector(
                        "10: non-canonical A",
                        "e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
                        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                        "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
                                + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04"),
                new Vector(
                        "11: non-canonical A",
                        "39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
                        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                        "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dc"
                                + "a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04"),
                new Vector(
                        "issue 13: identity key, trivial signature",
                        "00",
                        "0100000000000000000000000000000000000000000000000000000000000000",
                        "0100000000000000000000000000000000000000000000000000000000000000"
                                + "0000000000000000000000000000000000000000000000000000000000000000"));
    }

    /** Every encoding of a point of order 1, 2, 4 or 8, canonical or not, with and without the sign bit. */
    static List<String> smallOrderEncodings() {
        return List.of(
                "0100000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000080",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000080",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    }

    private static boolean verify(Vector v) {
        byte[] message = HEX.parseHex(v.message());
        return StrictEd25519.verify(HEX.parseHex(v.key()), message, 0, message.length, HEX.parseHex(v.signature()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void honestSignaturesFromRfc8032Verify(Vector vector) {
        assertThat(verify(vector)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taming")
    void everyEdgeCaseOfTamingTheManyEdDsasIsRefused(Vector vector) {
        assertThat(verify(vector)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("smallOrderEncodings")
    void aSmallOrderKeyWithTheTrivialSignatureIsRefused(String point) {
        byte[] message = "p2pcam register v1".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = HEX.parseHex(point + "00".repeat(32));
        assertThat(StrictEd25519.verify(HEX.parseHex(point), message, 0, message.length, signature))
                .isFalse();
    }

    @Test
    void aCamerasOwnSignatureVerifiesAndAnyChangeBreaksIt() {
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        byte[] message = "a registration".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = camera.sign(message, 0, message.length);
        byte[] key = camera.publicKey().signingKey();
        assertThat(StrictEd25519.verify(key, message, 0, message.length, signature))
                .isTrue();

        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        assertThat(StrictEd25519.verify(key, message, 0, message.length, flipped))
                .isFalse();
        assertThat(StrictEd25519.verify(key, message, 0, message.length - 1, signature))
                .isFalse();
        assertThat(StrictEd25519.verify(key, message, 0, message.length, Arrays.copyOf(signature, 63)))
                .isFalse();
    }

    @Test
    void theMalleableTwinWithSPlusLIsRefused() {
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        byte[] message = {1, 2, 3};
        byte[] signature = camera.sign(message, 0, message.length);
        byte[] twin = signature.clone();
        byte[] sPlusL = littleEndian(littleEndian(signature, 32).add(L), 32);
        System.arraycopy(sPlusL, 0, twin, 32, 32);
        assertThat(StrictEd25519.verify(camera.publicKey().signingKey(), message, 0, message.length, twin))
                .isFalse();
    }

    private static BigInteger littleEndian(byte[] bytes, int offset) {
        byte[] big = new byte[32];
        for (int i = 0; i < 32; i++) {
            big[i] = bytes[offset + 31 - i];
        }
        return new BigInteger(1, big);
    }

    private static byte[] littleEndian(BigInteger value, int length) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[length];
        for (int i = 0; i < Math.min(length, big.length); i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
