package io.p2pcam.viewer.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CameraIdCheckTest {
    private final CameraId id = CameraIdentity.generate(new SecureRandom()).id();

    @Test
    void aPastedIdIsValidWithOrWithoutDashesSpacesOrCase() {
        String text = id.toString();
        assertThat(CameraIdCheck.check(text).id()).contains(id);
        assertThat(CameraIdCheck.check(text.replace("-", "")).id()).contains(id);
        assertThat(CameraIdCheck.check(" " + text.replace("-", " ").toLowerCase(Locale.ROOT) + " ")
                        .id())
                .contains(id);
    }

    @Test
    void whileTypingItSaysHowManyCharactersAreMissing() {
        CameraIdCheck.Result result = CameraIdCheck.check(id.toString().substring(0, 7)); // "XXXXX-X"
        assertThat(result.valid()).isFalse();
        assertThat(result.incomplete()).isTrue();
        assertThat(result.message()).isEqualTo("19 more characters needed (6 of 25)");
        assertThat(CameraIdCheck.check(id.toString().substring(0, 28)).message())
                .isEqualTo("1 more character needed (24 of 25)");
    }

    @Test
    void nothingTypedYetAsksForTheId() {
        assertThat(CameraIdCheck.check("  ").incomplete()).isTrue();
        assertThat(CameraIdCheck.check("").message()).startsWith("Enter the camera ID");
    }

    @Test
    void tooManyCharactersABadCharacterAndATypoAreErrorsNotProgress() {
        CameraIdCheck.Result tooLong = CameraIdCheck.check(id + "7");
        assertThat(tooLong.incomplete()).isFalse();
        assertThat(tooLong.message()).isEqualTo("1 character too many (26 of 25)");

        CameraIdCheck.Result bad = CameraIdCheck.check("7K3Q!");
        assertThat(bad.incomplete()).isFalse();
        assertThat(bad.message()).isEqualTo("Character '!' at position 5 cannot be part of a camera ID");

        String text = id.toString();
        char last = text.charAt(text.length() - 1);
        String typo = text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0');
        CameraIdCheck.Result mistyped = CameraIdCheck.check(typo);
        assertThat(mistyped.valid()).isFalse();
        assertThat(mistyped.message()).contains("mistyped");
    }
}
