package io.p2pcam.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CameraPasswordTest {
    @Test
    void shortRepetitiveAndCommonPasswordsAreWeak() {
        assertThat(CameraPassword.weakness("pw")).isEqualTo("shorter than 12 characters");
        assertThat(CameraPassword.weakness("abababababababab")).isEqualTo("fewer than 6 different characters");
        assertThat(CameraPassword.weakness("MyPassword2026!")).isEqualTo("contains \"password\"");
        assertThat(CameraPassword.weakness("correct horse battery staple")).isNull();
    }

    @Test
    void generatedPasswordsAreStrongAndDiffer() {
        SecureRandom random = new SecureRandom();
        String one = CameraPassword.generate(random);
        assertThat(one).matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){3}");
        assertThat(CameraPassword.weakness(one)).isNull();
        assertThat(CameraPassword.generate(random)).isNotEqualTo(one);
    }
}
