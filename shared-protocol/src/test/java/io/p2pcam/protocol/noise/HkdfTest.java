package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {

    /**
     * RFC 5869 test case 3 (SHA-256, empty salt and info): with empty info, Noise's outputs are RFC 5869's
     * T(1), T(2), T(3). An absent salt is HashLen zero bytes, which is what we pass as the chaining key.
     */
    @Test
    void outputsAreTheRfc5869BlocksWithEmptyInfo() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);

        byte[][] outputs = Hkdf.derive(new byte[32], ikm, 2);

        byte[] okm = new byte[64];
        System.arraycopy(outputs[0], 0, okm, 0, 32);
        System.arraycopy(outputs[1], 0, okm, 32, 32);
        assertThat(HexFormat.of().formatHex(okm))
                .startsWith("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void threeOutputsExtendTwoOutputs() {
        byte[][] two = Hkdf.derive(new byte[32], new byte[] {1, 2, 3}, 2);
        byte[][] three = Hkdf.derive(new byte[32], new byte[] {1, 2, 3}, 3);

        assertThat(three[0]).isEqualTo(two[0]);
        assertThat(three[1]).isEqualTo(two[1]);
        assertThat(three[2]).hasSize(32).isNotEqualTo(two[1]);
    }
}
