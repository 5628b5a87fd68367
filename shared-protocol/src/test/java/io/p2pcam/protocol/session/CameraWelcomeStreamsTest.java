package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.testing.Addresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream list at the end of a CameraWelcome (docs/PROTOCOL.md §10.1, decision 0044), and how it
 * lives with the optional cloud pass before it and with viewers that know neither: a viewer older
 * than the list reads a pass when at least 24 bytes follow the candidates and ignores what follows.
 */
class CameraWelcomeStreamsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<Candidate> ONE_LOCAL = List.of(Candidate.local(Addresses.address("192.168.1.20", 40000)));
    private static final StreamOffer MAIN = new StreamOffer(VideoStream.MAIN, 1280, 720, 30);
    private static final StreamOffer SUB = new StreamOffer(VideoStream.SUB, 640, 360, 15);
    /** Where the candidates end in a welcome with {@link #ONE_LOCAL}: 20 fixed bytes, a count, one IPv4 candidate. */
    private static final int AFTER_CANDIDATES = 20 + 1 + 8;

    private static final CameraWelcome LISTED = new CameraWelcome(
            Verdict.ADMITTED, false, 0x01020304, 1280, 720, 30, 0, ONE_LOCAL, CloudPass.NONE, List.of(MAIN, SUB));
    private static final CloudPass PASS =
            new CloudPass(0x1112131415161718L, Bytes.of(HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")));

    /** docs/PROTOCOL.md §10.1, the example welcome: admitted, one LOCAL candidate, no pass, main and sub listed. */
    private static final String EXAMPLE = "02" + "00" + "00" + "01020304" + "0500" + "02d0" + "1e" + "0000000000000000"
            + "01" + "0104c0a801149c40"
            + "02" + "00050002d01e" + "01028001680f";

    @Test
    void theDocumentsExampleIsWhatTheCameraWrites() throws Exception {
        assertThat(HEX.formatHex(LISTED.encode())).isEqualTo(EXAMPLE);
        // The hex block under "Example (plaintext of message 2)", each line's comment dropped.
        String doc = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/PROTOCOL.md"));
        String from = doc.substring(doc.indexOf("Example (plaintext of message 2)"));
        String block = from.substring(from.indexOf("```") + 3, from.indexOf("```", from.indexOf("```") + 3));
        StringBuilder hex = new StringBuilder();
        for (String line : block.strip().split("\n")) {
            hex.append(line.split(" {2,}")[0].replace(" ", ""));
        }
        assertThat(hex.toString()).isEqualTo(EXAMPLE);
    }

    @Test
    void aListRoundTripsWithAndWithoutAPass() throws Exception {
        assertThat(CameraWelcome.decode(LISTED.encode())).isEqualTo(LISTED);
        CameraWelcome paired = LISTED.withPairing(true, PASS);
        assertThat(CameraWelcome.decode(paired.encode())).isEqualTo(paired);
        CameraWelcome mainOnly = new CameraWelcome(
                Verdict.ADMITTED, false, 7, 1280, 720, 30, 0, ONE_LOCAL, CloudPass.NONE, List.of(MAIN));
        assertThat(CameraWelcome.decode(mainOnly.encode())).isEqualTo(mainOnly);
    }

    @Test
    void aWelcomeInTheLayoutBeforeTheListReadsAsListingNothing() throws Exception {
        byte[] before = HEX.parseHex(EXAMPLE.substring(0, 2 * AFTER_CANDIDATES));
        assertThat(CameraWelcome.decode(before).streams()).isEmpty();
        byte[] withPass = HEX.parseHex(
                EXAMPLE.substring(0, 2 * AFTER_CANDIDATES) + "1112131415161718" + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
        CameraWelcome decoded = CameraWelcome.decode(withPass);
        assertThat(decoded.pass()).isEqualTo(PASS);
        assertThat(decoded.streams()).isEmpty();
    }

    @Test
    void aViewerOlderThanTheListSeesNoPassWhereThereIsNoneAndThePassWhereThereIsOne() {
        byte[] withoutPass = LISTED.encode();
        assertThat(withoutPass.length - AFTER_CANDIDATES)
                .as("fewer than a pass's 24 bytes follow the candidates: trailing bytes to the old rule")
                .isLessThan(SessionHello.PASS_BYTES);
        assertThat(1 + SessionHello.MAX_STREAMS * StreamOffer.BYTES)
                .as("even a full list stays shorter than a pass")
                .isLessThan(SessionHello.PASS_BYTES);

        byte[] withPass = LISTED.withPairing(true, PASS).encode();
        assertThat(Arrays.copyOfRange(withPass, AFTER_CANDIDATES, AFTER_CANDIDATES + SessionHello.PASS_BYTES))
                .as("the old rule reads the pass where it always was; the list after it is trailing bytes")
                .isEqualTo(HEX.parseHex("1112131415161718" + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"));
    }

    @Test
    void aZeroPassSlotBeforeTheListReadsAsNoPass() throws Exception {
        // What a camera whose fields after the candidates outgrow 23 bytes sends without a pass.
        byte[] wire = HEX.parseHex(
                EXAMPLE.substring(0, 2 * AFTER_CANDIDATES) + "00".repeat(24) + EXAMPLE.substring(2 * AFTER_CANDIDATES));
        CameraWelcome decoded = CameraWelcome.decode(wire);
        assertThat(decoded.pass()).isEqualTo(CloudPass.NONE);
        assertThat(decoded.streams()).containsExactly(MAIN, SUB);
    }

    @Test
    void streamsOfUnknownCodesAreSkippedAndBytesAfterTheListAreIgnored() throws Exception {
        byte[] wire = HEX.parseHex(EXAMPLE.substring(0, 2 * AFTER_CANDIDATES) + "03" + "00050002d01e" + "07014000b40f"
                + "01028001680f" + "ffee");
        assertThat(CameraWelcome.decode(wire).streams()).containsExactly(MAIN, SUB);
    }

    @Test
    void aMalformedListIsTheCamerasErrorNeverAGuess() {
        String head = EXAMPLE.substring(0, 2 * AFTER_CANDIDATES);
        for (String list : List.of(
                "04" + "00050002d01e".repeat(4), // more than three
                "02" + "00050002d01e" + "00050002d01e", // the main stream twice
                "01" + "010000016800", // no width
                "02" + "00050002d01e" + "010280", // cut short
                "01")) { // a count and nothing
            assertThatThrownBy(() -> CameraWelcome.decode(HEX.parseHex(head + list)))
                    .as(list)
                    .isInstanceOf(SessionException.class);
        }
    }

    @Test
    void aWelcomeListsEachStreamOnceAndAtMostThree() {
        assertThatThrownBy(() -> new CameraWelcome(
                        Verdict.ADMITTED, false, 7, 1, 1, 1, 0, ONE_LOCAL, CloudPass.NONE, List.of(MAIN, MAIN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamOffer(VideoStream.UNKNOWN, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
