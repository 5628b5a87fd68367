package io.p2pcam.protocol.text;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;

/**
 * The rule for a name a peer gave itself and people are shown (a camera's LAN announcement,
 * docs/PROTOCOL.md §10.8; the viewer holding a camera's talk floor, §10.7): control characters and
 * invisible format characters (Unicode Cf) out. A right-to-left override or isolate would reorder
 * the text around the name, so that one name passes for another or a sentence reads otherwise, a
 * zero-width character would hide a difference, a line break would start a line of its own (in a
 * notice, in a log). The joiners U+200C and U+200D stay: scripts and emoji sequences need them.
 * Stateless and thread-safe.
 */
public final class ShownName {
    private ShownName() {}

    /** Whether character {@code codePoint} of a name is kept. */
    public static boolean shown(int codePoint) {
        return !Character.isISOControl(codePoint)
                && (Character.getType(codePoint) != Character.FORMAT || codePoint == 0x200C || codePoint == 0x200D);
    }

    /** {@code name} (null as empty) without the characters {@link #shown} leaves out, and stripped. */
    public static String clean(String name) {
        if (name == null) {
            return "";
        }
        return name.codePoints()
                .filter(ShownName::shown)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
    }

    private static final String ELLIPSIS = "\u2026";

    /**
     * {@code name} if its UTF-8 takes at most {@code maxBytes}, otherwise its longest beginning
     * that ends on a whole user-perceived character (an emoji sequence or a letter with its accents
     * is never split) followed by "…", within {@code maxBytes}. For a name that is only informative,
     * such as a viewer's {@code user@host}, which a field of fixed size must hold.
     */
    public static String fit(String name, int maxBytes) {
        if (utf8Length(name) <= maxBytes) {
            return name;
        }
        int room = maxBytes - utf8Length(ELLIPSIS);
        BreakIterator characters = BreakIterator.getCharacterInstance();
        characters.setText(name);
        int end = 0;
        for (int next = characters.next(); next != BreakIterator.DONE; next = characters.next()) {
            if (utf8Length(name.substring(0, next)) > room) {
                break;
            }
            end = next;
        }
        return name.substring(0, end).strip() + ELLIPSIS;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
