package io.p2pcam.cloud.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown document of the repository read just enough for tests that hold it to the code: its
 * sections by heading, the rows of its tables and its {@code `code`} spans. Immutable.
 */
public final class MarkdownDocument {
    /** The repository root: tests run with their module as the working directory. */
    public static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");

    private final String text;

    private MarkdownDocument(String text) {
        this.text = text;
    }

    /** Reads {@code relative} (for example {@code docs/ADMIN.md}) from the repository. */
    public static MarkdownDocument read(String relative) {
        try {
            return new MarkdownDocument(Files.readString(REPOSITORY.resolve(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() {
        return text;
    }

    /**
     * The section whose heading starts with {@code heading} (without the {@code #}s), up to the
     * next heading of the same or a higher level; throws when there is none, so that a renamed
     * section fails the test instead of passing it on an empty text.
     */
    public MarkdownDocument section(String heading) {
        List<String> lines = text.lines().toList();
        int[] levels = headingLevels(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (levels[i] > 0 && lines.get(i).substring(levels[i]).strip().startsWith(heading)) {
                int end = i + 1;
                while (end < lines.size() && !(levels[end] > 0 && levels[end] <= levels[i])) {
                    end++;
                }
                return new MarkdownDocument(String.join("\n", lines.subList(i, end)));
            }
        }
        throw new IllegalArgumentException("no section \"" + heading + "\"");
    }

    /** Each line's heading level, 0 for a line that is no heading (a "# comment" inside a code block is none). */
    private static int[] headingLevels(List<String> lines) {
        int[] levels = new int[lines.size()];
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode) {
                levels[i] = level(lines.get(i));
            }
        }
        return levels;
    }

    /** The cells of every table row (the header row included, separator rows not). */
    public List<List<String>> tableRows() {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String row = line.strip();
            if (row.startsWith("|") && !row.matches("\\|[-:| ]+\\|")) {
                List<String> cells = new ArrayList<>();
                for (String cell : row.substring(1, row.length() - 1).split("\\|", -1)) {
                    cells.add(cell.strip());
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    /**
     * The second cell of the first table row whose first cell starts with {@code first}: the value
     * a two-column table ("setting | value") gives for it. Throws when there is none.
     */
    public String valueOf(String first) {
        return tableRows().stream()
                .filter(row -> row.getFirst().startsWith(first))
                .map(row -> row.get(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table row starting with " + first));
    }

    /** The contents of every {@code `code`} span, in order. */
    public List<String> codeSpans() {
        return codeSpans(text);
    }

    public static List<String> codeSpans(String markdown) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE_SPAN.matcher(markdown);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }

    private static int level(String line) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
            level++;
        }
        return level > 0 && level < line.length() && line.charAt(level) == ' ' ? level : 0;
    }
}
