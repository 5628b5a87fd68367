package io.p2pcam.cloud.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.MessageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/PROTOCOL.md §3 and §8 say what {@link CloudCodec} does: the type codes, error codes,
 * decoding errors and size constants it gives are the code's, and every worked hex example of §8
 * decodes with the real codec and re-encodes to the same bytes (every datagram it says must be
 * dropped fails with the reason it gives). A client written from the document alone speaks to the
 * cloud.
 */
class ProtocolWireFormatDocumentTest {
    private static final MarkdownDocument PROTOCOL = MarkdownDocument.read("docs/PROTOCOL.md");
    private static final Pattern CODE = Pattern.compile("0x([0-9a-f]{2})");
    /** "00…00 (69 × 00)": a run of one byte written once. */
    private static final Pattern RUN = Pattern.compile("([0-9a-f]{2})…[0-9a-f]{2} \\((\\d+) × [0-9a-f]{2}\\)");

    private static final Pattern SIZE = Pattern.compile("(\\d+) bytes[;:)]");

    @Test
    void theMessageTypeTableGivesEachTypeItsCode() {
        List<String> named = new ArrayList<>();
        for (List<String> row : PROTOCOL.section("3.9 Message types").tableRows()) {
            String name = row.get(1);
            if (name.matches("[A-Z_]+")) {
                Matcher code = CODE.matcher(row.getFirst());
                assertThat(code.find()).as("row %s has a code", name).isTrue();
                assertThat(MessageType.fromCode(Integer.parseInt(code.group(1), 16))
                                .name())
                        .as("the code of %s", name)
                        .isEqualTo(name);
                named.add(name);
            }
        }
        assertThat(named)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(MessageType.values())
                        .filter(type -> type != MessageType.UNKNOWN)
                        .map(MessageType::name)
                        .toList());
    }

    @Test
    void everyLayoutHeadingNamesTheTypeCodeOfItsMessage() {
        Matcher heading = Pattern.compile("#### 3\\.10\\.\\w+ ([A-Z_]+) \\(0x([0-9a-f]{2})\\)")
                .matcher(PROTOCOL.section("3.10 Message layouts").text());
        int headings = 0;
        while (heading.find()) {
            headings++;
            assertThat(MessageType.fromCode(Integer.parseInt(heading.group(2), 16))
                            .name())
                    .isEqualTo(heading.group(1));
        }
        assertThat(headings).isEqualTo(MessageType.values().length - 1);
    }

    @Test
    void theErrorCodeTableIsTheCodes() {
        List<String> named = new ArrayList<>();
        for (List<String> row : PROTOCOL.section("3.10.13 ERROR").tableRows()) {
            if (row.getFirst().matches("\\d+") && row.get(1).matches("[A-Z_]+")) {
                ErrorCode code = ErrorCode.valueOf(row.get(1));
                assertThat(code.code()).as(row.get(1)).isEqualTo(Integer.parseInt(row.getFirst()));
                named.add(row.get(1));
            }
        }
        assertThat(named)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList());
    }

    @Test
    void theDecodingErrorTableIsTheReasons() {
        List<String> named = new ArrayList<>();
        for (List<String> row : PROTOCOL.section("3.11 Decoding errors").tableRows()) {
            if (!row.getFirst().equals("Reason")) {
                named.add(row.getFirst().replace("`", ""));
            }
        }
        assertThat(named)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(CloudDecodeException.Reason.values())
                        .map(Enum::name)
                        .toList());
    }

    @Test
    void theSizeConstantsAreTheCodecs() throws ReflectiveOperationException {
        for (List<String> row : PROTOCOL.section("3.5 Size limits").tableRows()) {
            if (row.getFirst().startsWith("`")) {
                String constant = row.getFirst().replace("`", "");
                assertThat(CloudCodec.class.getField(constant).getInt(null))
                        .as(constant)
                        .isEqualTo(Integer.parseInt(row.get(1)));
            }
        }
    }

    record Example(String title, byte[] bytes, int statedSize) {
        @Override
        public String toString() {
            return title;
        }
    }

    /** Each {@code **TITLE** ... (N bytes ...):} paragraph of §8 with the code block after it. */
    static List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        String text = PROTOCOL.section("8. Worked hex examples").text();
        Matcher example = Pattern.compile("\\*\\*([^*]+)\\*\\*((?:(?!```).)*?)\n```\n(.*?)```", Pattern.DOTALL)
                .matcher(text);
        while (example.find()) {
            Matcher size =
                    SIZE.matcher(example.group(0).substring(0, example.group(0).indexOf("```")));
            int stated = size.find() ? Integer.parseInt(size.group(1)) : -1;
            examples.add(new Example(example.group(1), hex(example.group(3)), stated));
        }
        return examples;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aWorkedExampleDecodesAndReencodesToTheSameBytes(Example example) throws CloudDecodeException {
        CloudMessage message = CloudCodec.decode(example.bytes());

        assertThat(HexFormat.of().formatHex(CloudCodec.encode(message)))
                .isEqualTo(HexFormat.of().formatHex(example.bytes()));
        assertThat(example.bytes()).as("the size the example states").hasSize(example.statedSize());
        assertThat(example.title().split(" ")[0])
                .as("the type the example names")
                .isEqualTo(message.type().name());
    }

    @Test
    void thereIsAWorkedExample() {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(8);
    }

    /** The rows of "Datagrams that must be dropped" written as hex. */
    static List<List<String>> drops() {
        return PROTOCOL.section("8. Worked hex examples").tableRows().stream()
                .filter(row -> row.getFirst().matches("`[0-9a-f ]+`"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drops")
    void aDatagramToDropFailsWithTheStatedReason(List<String> row) {
        byte[] datagram = hex(row.getFirst().replace("`", ""));
        String stated = row.get(1).replace("`", "").replaceFirst(" \\(.*\\)$", "");

        assertThatThrownBy(() -> CloudCodec.decode(datagram))
                .isInstanceOf(CloudDecodeException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(stated));
    }

    /** The hex of a code block: each line up to a comment (two or more spaces), runs expanded. */
    private static byte[] hex(String block) {
        StringBuilder hex = new StringBuilder();
        for (String line : block.lines().toList()) {
            Matcher run = RUN.matcher(line);
            String expanded = run.find()
                    ? line.substring(0, run.start()) + run.group(1).repeat(Integer.parseInt(run.group(2)))
                    : line;
            hex.append(expanded.strip().split("\\s{2,}")[0].replace(" ", ""));
        }
        return HexFormat.of().parseHex(hex);
    }
}
