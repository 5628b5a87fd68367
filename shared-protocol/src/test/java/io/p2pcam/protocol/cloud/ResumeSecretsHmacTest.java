package io.p2pcam.protocol.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The HMAC under every ticket derivation: RFC 4231's vectors, whatever key the thread's Mac had before. */
class ResumeSecretsHmacTest {
    private static final byte[] KEY_1 = filled(20, 0x0b);
    private static final byte[] DATA_1 = "Hi There".getBytes(StandardCharsets.US_ASCII);
    private static final String MAC_1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    private static final byte[] KEY_2 = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final String MAC_2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void consecutiveHmacsUnderDifferentKeysGiveRfc4231sValues() {
        for (int round = 0; round < 3; round++) {
            assertThat(hex(ResumeSecrets.hmac(KEY_1, DATA_1))).isEqualTo(MAC_1);
            // RFC 4231 test case 2, its data given in two parts.
            assertThat(hex(ResumeSecrets.hmac(
                            KEY_2,
                            "what do ya want ".getBytes(StandardCharsets.US_ASCII),
                            "for nothing?".getBytes(StandardCharsets.US_ASCII))))
                    .isEqualTo(MAC_2);
        }
    }

    @Test
    void anotherThreadComputesTheSameValues() throws Exception {
        assertThat(hex(ResumeSecrets.hmac(KEY_2, "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(MAC_2);
        String other = CompletableFuture.supplyAsync(() -> hex(ResumeSecrets.hmac(KEY_1, DATA_1)))
                .get();
        assertThat(other).isEqualTo(MAC_1);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
