package io.p2pcam.protocol.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks on a command's rendered help (picocli's usage message) against the description text it
 * was made from. picocli wraps each description line at 80 columns with a line break iterator
 * that may cut after a dot ({@code /root/.} | {@code local/...}, {@code rtp://127.} |
 * {@code 0.0.1:PORT}), and starts a new line for every element of a description array, so an
 * array broken in mid-sentence renders as short ragged lines.
 */
public final class UsageText {
    private UsageText() {}

    /**
     * Everything {@link #cutWords} and {@link #sentencesBrokenAcrossLines} find, and lines that end
     * in {@code /.} or {@code ://127.}, in one command's rendered help and the description arrays
     * (command, options, parameters) it was made from.
     */
    public static List<String> problems(String rendered, List<List<String>> descriptions) {
        List<String> problems = new ArrayList<>(
                cutWords(rendered, descriptions.stream().flatMap(List::stream).toList()));
        problems.addAll(sentencesBrokenAcrossLines(descriptions));
        rendered.lines()
                .filter(line -> line.endsWith("/.") || line.endsWith("://127."))
                .forEach(problems::add);
        return problems;
    }

    /**
     * The places in {@code rendered} where a word of {@code descriptions} (a path, an address, a
     * section number) was cut across two lines, as {@code "end of line|start of next"}.
     */
    public static List<String> cutWords(String rendered, Collection<String> descriptions) {
        Set<String> words = descriptions.stream()
                .flatMap(text -> Arrays.stream(text.split("\\s+")))
                .collect(Collectors.toSet());
        List<String> lines = rendered.lines().map(String::strip).toList();
        List<String> cuts = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String last = lastWord(lines.get(i));
            String first = lines.get(i + 1).split("\\s+")[0];
            if (!last.isEmpty() && !words.contains(last) && words.contains(last + first)) {
                cuts.add(last + "|" + first);
            }
        }
        return cuts;
    }

    /**
     * The lines of description arrays that continue a sentence of the line before (they start in
     * lower case), which picocli renders on a line of their own.
     */
    public static List<String> sentencesBrokenAcrossLines(Collection<List<String>> descriptions) {
        List<String> broken = new ArrayList<>();
        for (List<String> description : descriptions) {
            for (int i = 1; i < description.size(); i++) {
                String line = description.get(i);
                if (!line.isEmpty() && Character.isLowerCase(line.charAt(0))) {
                    broken.add(description.get(i - 1) + " | " + line);
                }
            }
        }
        return broken;
    }

    private static String lastWord(String line) {
        String[] words = line.split("\\s+");
        return words[words.length - 1];
    }
}
