package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict decoding of the strings in a ViewerHello (docs/PROTOCOL.md §10.1): bad UTF-8 is the sender's error. */
class ViewerHelloDecodingTest {
    /** This version, session ID 7, no flags, no candidates, the password field given, an empty name. */
    private static byte[] helloWithPassword(byte[] password) {
        byte[] hello = new byte[1 + 4 + 1 + 1 + 1 + password.length + 1];
        hello[0] = (byte) SessionHello.VERSION;
        hello[4] = 7;
        hello[7] = (byte) password.length;
        System.arraycopy(password, 0, hello, 8, password.length);
        return hello;
    }

    @Test
    void aPasswordOf128BytesThatAreNotUtf8IsAMalformedHelloNotACrash() {
        byte[] password = new byte[SessionHello.MAX_PASSWORD_BYTES];
        Arrays.fill(password, (byte) 0xFF);
        assertThatThrownBy(() -> ViewerHello.decode(helloWithPassword(password)))
                .isInstanceOf(SessionException.class)
                .hasMessage("hello field is not valid UTF-8");
    }

    @Test
    void overlongEncodingsAndEncodedSurrogatesAreRefused() {
        for (String bad : new String[] {"c0af", "eda080", "f4908080", "e282"}) {
            assertThatThrownBy(() ->
                            ViewerHello.decode(helloWithPassword(HexFormat.of().parseHex(bad))))
                    .as(bad)
                    .isInstanceOf(SessionException.class);
        }
    }

    @Test
    void aValidPasswordOfTheFullLengthInMultiByteCharactersStillDecodes() throws SessionException {
        String password = "€".repeat(42) + "ab"; // 126 + 2 = 128 bytes
        ViewerHello decoded =
                ViewerHello.decode(new ViewerHello(7, false, List.of(), Password.of(password), "Küche").encode());
        assertThat(decoded.password().reveal()).isEqualTo(password);
        assertThat(decoded.viewerName()).isEqualTo("Küche");
        assertThat(decoded.viewerSessionId()).isEqualTo(7);
    }

    @Test
    void aNameLongerThanTheFieldIsShortenedToItNotRefused() throws SessionException {
        String name = "a".repeat(32) + "@workstation-42.engineering.example-company.com"; // user@host, 79 bytes

        ViewerHello decoded =
                ViewerHello.decode(new ViewerHello(7, false, List.of(), Password.of("pw"), name).encode());

        assertThat(decoded.viewerName())
                .hasSizeLessThanOrEqualTo(SessionHello.MAX_NAME_BYTES)
                .endsWith("…");
        assertThat(name)
                .startsWith(
                        decoded.viewerName().substring(0, decoded.viewerName().length() - 1));
    }

    @Test
    void aPasswordLongerThanTheFieldIsRefusedAsItCannotBeShortened() {
        Password tooLong = Password.of("p".repeat(SessionHello.MAX_PASSWORD_BYTES + 1));

        assertThatThrownBy(() -> new ViewerHello(7, false, List.of(), tooLong, "desk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128 bytes");
    }

    /**
     * The name a viewer gives itself is shown to people: in the camera's log and list of paired
     * viewers, and to other viewers refused the talk floor (§10.7). Its line breaks and
     * bidirectional overrides are well-formed UTF-8, so they are not refused: they are left out.
     */
    @Test
    void aViewersNameArrivesWithoutControlOrInvisibleFormatCharacters() throws SessionException {
        byte[] hello = new byte[] {
            (byte) SessionHello.VERSION,
            0,
            0,
            0,
            7,
            0,
            0,
            0, // session 7, no flags, no candidates, no password
            10,
            'E',
            'v',
            'e',
            '\n',
            'B',
            'o',
            'b',
            (byte) 0xE2,
            (byte) 0x80,
            (byte) 0xAE // "Eve\nBob\u202E"
        };

        assertThat(ViewerHello.decode(hello).viewerName()).isEqualTo("EveBob");
    }
}
