package io.p2pcam.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.docs.MarkdownDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every setting the cloud's {@code --help} lists is documented where admins look: docs/ADMIN.md's
 * settings table (as {@code `key`}) and the shipped conf/cloud.properties (as {@code key=} or a
 * commented {@code #key=}), and the settings table gives the default the flag has. A flag added,
 * or a default changed, without its documentation fails here.
 */
class CloudDocsNameEveryFlagTest {
    /** Options that are not settings (they print, or name the file the settings come from). */
    private static final Set<String> NOT_SETTINGS = Set.of("help", "version", "config");

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    static List<String> settings() {
        return new CommandLine(new CloudServerCommand(Map.of()))
                .getCommandSpec().options().stream()
                        .map(OptionSpec::longestName)
                        .map(name -> name.replaceFirst("^--", ""))
                        .filter(name -> !NOT_SETTINGS.contains(name))
                        .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void adminGuideNamesTheSetting(String key) throws IOException {
        String guide = Files.readString(REPOSITORY.resolve("docs/ADMIN.md"));
        assertThat(guide).as("docs/ADMIN.md documents `%s`", key).contains("`" + key + "`");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void adminGuideGivesTheSettingsDefault(String key) {
        OptionSpec option = new CommandLine(new CloudServerCommand(Map.of()))
                .getCommandSpec()
                .findOption(key);
        List<String> row = MarkdownDocument.read("docs/ADMIN.md").section("Settings").tableRows().stream()
                .filter(cells -> MarkdownDocument.codeSpans(cells.getFirst()).contains(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row of ADMIN.md's settings table names " + key));
        // A row may name several keys ("`a`, `b`") with their defaults in the same order ("1, 2").
        int index = MarkdownDocument.codeSpans(row.getFirst()).indexOf(key);
        String[] defaults = row.get(1).split(", (?=\\S)");
        String stated =
                defaults.length == MarkdownDocument.codeSpans(row.getFirst()).size() ? defaults[index] : row.get(1);
        String actual = option.defaultValue();

        if (actual.isEmpty()) {
            assertThat(stated).as("the default of %s", key).startsWith("none");
        } else {
            assertThat(stated)
                    .as("the default of %s", key)
                    .matches(java.util.regex.Pattern.quote(actual) + "( \\(.*\\))?");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void shippedPropertiesFileNamesTheSetting(String key) throws IOException {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("installers/src/cloud/conf/cloud.properties"));
        assertThat(lines)
                .as("conf/cloud.properties has %s= (or #%s=)", key, key)
                .anyMatch(line -> line.startsWith(key + "=") || line.startsWith("#" + key + "="));
    }
}
