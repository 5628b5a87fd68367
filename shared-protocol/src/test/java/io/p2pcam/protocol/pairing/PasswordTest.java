package io.p2pcam.protocol.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The password type never prints itself and compares in constant time (issue 12 §4). */
class PasswordTest {
    private static final String SECRET = "hunter2-correct-horse";

    @Test
    void aPasswordPrintsOnlyThatItIsRedacted() {
        assertThat(Password.of(SECRET).toString()).isEqualTo("(redacted)").doesNotContain(SECRET);
        assertThat(Password.NONE.toString()).isEqualTo("(none)");
    }

    @Test
    void noPasswordAndTheEmptyPasswordAreTheSame() {
        assertThat(Password.of("")).isSameAs(Password.NONE);
        assertThat(Password.of(null)).isSameAs(Password.NONE);
        assertThat(Password.NONE.isEmpty()).isTrue();
        assertThat(Password.of(SECRET).isEmpty()).isFalse();
    }

    @Test
    void passwordsMatchOnlyWhenEveryByteIsEqual() {
        assertThat(Password.of(SECRET).matches(Password.of(SECRET))).isTrue();
        assertThat(Password.of(SECRET).matches(Password.of(SECRET + "x"))).isFalse();
        assertThat(Password.of(SECRET).matches(Password.of("hunter2-correct-horsf")))
                .isFalse();
        assertThat(Password.of(SECRET).matches(Password.NONE)).isFalse();
        assertThat(Password.of(SECRET)).isEqualTo(Password.of(SECRET)).isNotEqualTo(Password.of("other"));
    }

    @Test
    void equalPasswordsHaveEqualHashCodesThatDoNotDependOnTheBytes() {
        assertThat(Password.of(SECRET).hashCode())
                .isEqualTo(Password.of(SECRET).hashCode())
                .isEqualTo(Password.of("anything else").hashCode());
    }

    @Test
    void theBytesAreTheUtf8EncodingAndACopy() {
        Password password = Password.of("Küche€");
        byte[] bytes = password.utf8();
        assertThat(bytes).isEqualTo("Küche€".getBytes(StandardCharsets.UTF_8));
        assertThat(password.utf8Length()).isEqualTo(bytes.length);
        bytes[0] = 0;
        assertThat(password.reveal()).isEqualTo("Küche€");
    }

    @Test
    void aViewerHelloPrintsNoPasswordAndEncodesItsUtf8Bytes() {
        ViewerHello hello = new ViewerHello(7, false, List.of(), Password.of(SECRET), "desk");
        assertThat(hello.toString()).contains("desk", "redacted").doesNotContain(SECRET);
        byte[] wire = hello.encode();
        // version, session ID, flags, no candidates, then the length-prefixed password: unchanged wire form.
        assertThat(wire[7]).isEqualTo((byte) SECRET.length());
        assertThat(new String(wire, 8, SECRET.length(), StandardCharsets.UTF_8)).isEqualTo(SECRET);
    }
}
