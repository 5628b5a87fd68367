package io.p2pcam.cloud.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every test docs/THREAT_MODEL.md points to as the proof of a defence exists under that name in
 * some module's test tree ({@code Class.method}, or {@code …method} for the class named just
 * before), and every script it names exists: a renamed or moved test fails here instead of leaving
 * a defence that cites nothing.
 */
class ThreatModelCitesTestsThatExistTest {
    private static final Pattern CITED_TEST = Pattern.compile("[A-Z]\\w*Test(\\.\\w+)?|…\\w+");

    /** The citations of the "test" column of every table, as written. */
    static List<String> citations() {
        List<String> citations = new ArrayList<>();
        for (List<String> row : MarkdownDocument.read("docs/THREAT_MODEL.md").tableRows()) {
            String lastCell = row.getLast();
            String lastClass = null;
            for (String span : MarkdownDocument.codeSpans(lastCell)) {
                if (span.startsWith("bench/")) {
                    citations.add(span);
                } else if (CITED_TEST.matcher(span).matches()) {
                    if (span.startsWith("…")) {
                        citations.add(lastClass + "." + span.substring(1));
                    } else {
                        lastClass = span.split("\\.")[0];
                        citations.add(span);
                    }
                }
            }
        }
        return citations;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("citations")
    void theCitedTestOrScriptExists(String citation) {
        if (citation.startsWith("bench/")) {
            assertThat(MarkdownDocument.REPOSITORY.resolve(citation)).exists();
            return;
        }
        String[] parts = citation.split("\\.", 2);
        List<Path> sources = testSources().getOrDefault(parts[0], List.of());
        assertThat(sources).as("a test class %s in some module", parts[0]).isNotEmpty();
        if (parts.length == 2) {
            Pattern method = Pattern.compile("void\\s+" + Pattern.quote(parts[1]) + "\\s*\\(");
            assertThat(sources)
                    .as("%s declares %s", parts[0], parts[1])
                    .anyMatch(source -> method.matcher(read(source)).find());
        }
    }

    /**
     * Every module's test classes by simple name. Only each module's src/test/java is walked: the
     * whole tree also holds build output that other modules of a parallel build are writing and
     * deleting meanwhile (a report that vanished mid-walk failed this test).
     */
    private static Map<String, List<Path>> testSources() {
        Map<String, List<Path>> byClass = new HashMap<>();
        try (Stream<Path> modules = Files.list(MarkdownDocument.REPOSITORY)) {
            for (Path tests : modules.map(module -> module.resolve("src/test/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(tests)) {
                    files.filter(path -> path.toString().endsWith(".java"))
                            .forEach(path -> byClass.computeIfAbsent(
                                            path.getFileName().toString().replace(".java", ""),
                                            name -> new ArrayList<>())
                                    .add(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byClass;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
