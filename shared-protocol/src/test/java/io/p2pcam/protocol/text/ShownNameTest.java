package io.p2pcam.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShownNameTest {
    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aNameThatFitsIsKeptAsItIs() {
        String name = "a".repeat(64);

        assertThat(ShownName.fit(name, 64)).isSameAs(name);
    }

    @Test
    void aLongerNameKeepsItsBeginningAndSaysItWasCut() {
        String name = "a".repeat(32) + "@workstation-42.engineering.example-company.com";

        String fitted = ShownName.fit(name, 64);

        assertThat(bytes(fitted)).isEqualTo(64);
        assertThat(fitted).startsWith("a".repeat(32) + "@workstation").endsWith("…");
        assertThat(name).startsWith(fitted.substring(0, fitted.length() - 1));
    }

    @Test
    void noCharacterIsSplitNeitherAMultiByteLetterNorAnEmojiSequence() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 18 bytes, one character to the eye
        String name = "é".repeat(30) + family + "x".repeat(20); // é is 2 bytes

        String fitted = ShownName.fit(name, 64);

        // 64 bytes less the ellipsis's 3 leave 61: 30 é, then neither half of the next é nor a part of
        // the family.
        assertThat(fitted).isEqualTo("é".repeat(30) + "…");
        assertThat(ShownName.fit("é".repeat(10) + family + "x".repeat(40), 64))
                .isEqualTo("é".repeat(10) + family + "x".repeat(23) + "…");
    }
}
