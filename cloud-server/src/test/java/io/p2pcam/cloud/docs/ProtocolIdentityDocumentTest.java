package io.p2pcam.cloud.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/PROTOCOL.md §2 (camera identity) are what {@link CameraId} computes, and
 * the parse errors §2.3 quotes are its messages: a client that derives and reads IDs from the
 * document alone agrees with the cloud and the apps.
 */
class ProtocolIdentityDocumentTest {
    private static final MarkdownDocument IDENTITY =
            MarkdownDocument.read("docs/PROTOCOL.md").section("2. Camera identity");

    @Test
    void theKeyExampleHashesToTheStatedIdAndText() throws java.security.NoSuchAlgorithmException {
        String text = IDENTITY.section("2.1 Keys and ID").text().replace('\n', ' ');
        Matcher example = Pattern.compile("Its ID is `([0-9a-f]{30})`, written `([0-9A-Z-]{29})`")
                .matcher(text);
        assertThat(example.find()).as("§2.1 gives the ID of its example key").isTrue();
        byte[] key = new byte[CameraPublicKey.BYTES];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }

        CameraId id = CameraId.of(CameraPublicKey.fromBytes(key, 0));

        assertThat(id.toHex()).isEqualTo(example.group(1));
        assertThat(id.toString()).isEqualTo(example.group(2));
        // The hash as §2.1 defines it, from the domain string's bytes it lists.
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update(HexFormat.of().parseHex("7032706361 6d2063616d657261206964207631".replace(" ", "")));
        sha256.update(key);
        String hash = HexFormat.of().formatHex(sha256.digest());
        assertThat(hash).startsWith(id.toHex());
        assertThat(text)
                .contains("`70 32 70 63 61 6d 20 63 61 6d 65 72 61 20 69 64 20 76 31`")
                .contains("hashes to `" + spaced(hash.substring(0, 32)) + " …`");
    }

    @Test
    void theTextExamplesAreTheIdsText() throws CameraIdFormatException {
        MarkdownDocument textForm = IDENTITY.section("2.2 Text form");
        java.util.List<String> spans = textForm.codeSpans();
        java.util.List<String> ids =
                spans.stream().filter(span -> span.matches("[0-9a-f]{30}")).toList();

        assertThat(ids).hasSize(2);
        for (String hex : ids) {
            CameraId id = CameraId.fromBytes(HexFormat.of().parseHex(hex));
            assertThat(spans).as("§2.2 writes %s as %s", hex, id).contains(id.toString());
            assertThat(CameraId.parse(id.toString())).isEqualTo(id);
        }
    }

    @Test
    void theParseErrorsAreTheMessagesTheDocumentQuotes() {
        String parsing = IDENTITY.section("2.3 Parsing").text().replaceAll("\\s*\n\\s*", " ");

        assertThat(parsing)
                .contains(message("   "))
                .contains(message("01234-U6789-ABCDE-FGHJK-MNPQR"))
                .contains(message("01234-56789-ABCDE-FGHJK-MNPQ"))
                .contains(message("01234-56789-ABCDE-FGHJK-MNPQS"));
    }

    @Test
    void lookAlikesAndAnyCaseReadAsTheDocumentSays() throws CameraIdFormatException {
        CameraId id = CameraId.parse("01234-56789-ABCDE-FGHJK-MNPQR");

        assertThat(CameraId.parse("o1234-56789-abcde-fghjk-mnpqr")).isEqualTo(id);
        assertThat(CameraId.parse("0I234 56789 ABCDE FGHJK MNPQR")).isEqualTo(id);
        assertThat(CameraId.parse("0l234-56789-ABCDE-FGHJK-MNPQR")).isEqualTo(id);
        assertThat(CameraId.parse("0123456789ABCDEFGHJKMNPQR")).isEqualTo(id);
    }

    /** The message of the format error parsing {@code text} gives, as the document quotes it. */
    private static String message(String text) {
        Throwable error = catchThrowable(() -> CameraId.parse(text));
        assertThat(error).isInstanceOf(CameraIdFormatException.class);
        return "\"" + error.getMessage() + "\"";
    }

    private static String spaced(String hex) {
        return hex.replaceAll("(.{8})(?!$)", "$1 ");
    }
}
