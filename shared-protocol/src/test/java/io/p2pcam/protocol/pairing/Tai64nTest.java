package io.p2pcam.protocol.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Tai64nTest {
    private static final long EXAMPLE = Tai64n.epochNanos(Instant.parse("2026-12-05T00:00:00.5Z"));
    /** docs/PROTOCOL.md §10.1, the envelope's timestamp. */
    private static final String EXAMPLE_HEX = "400000006b13540a1dcd6500";

    @Test
    void theDocumentsExampleIsWhatTheCodeWritesAndReads() {
        byte[] out = new byte[Tai64n.BYTES];
        Tai64n.write(EXAMPLE, out, 0);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(EXAMPLE_HEX);
        assertThat(Tai64n.read(HexFormat.of().parseHex(EXAMPLE_HEX), 0)).isEqualTo(EXAMPLE);
    }

    @Test
    void aLabelBefore1970OrNanosecondsOfASecondOrMoreAreNoTimestamp() {
        byte[] before1970 = HexFormat.of().parseHex("400000000000000900000000");
        byte[] tooManyNanos = HexFormat.of().parseHex("400000006b13540a3b9aca00"); // 10^9
        assertThat(Tai64n.read(before1970, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(Tai64n.read(tooManyNanos, 0)).isEqualTo(Long.MIN_VALUE);
    }
}
