package io.p2pcam.protocol.rtcp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 text in RTCP fields of bounded size: cut at a character boundary, decoded leniently. */
final class Utf8 {
    private Utf8() {}

    static int length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code text} (null as empty) cut to at most {@code maxBytes} of UTF-8, never inside a character. */
    static String truncate(String text, int maxBytes) {
        if (text == null) {
            return "";
        }
        if (length(text) <= maxBytes) {
            return text;
        }
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return cut.toString();
    }

    /** Bytes a peer wrote: malformed sequences become U+FFFD instead of failing. */
    static String decodeLenient(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder never throws", e);
        }
    }
}
