package io.labelstream.cleaning;

import java.text.Normalizer;

/**
 * Brings readable text to one canonical form, so that equal texts hash equally: Unicode NFC, no control or
 * invisible format characters, horizontal whitespace collapsed to one space, lines trimmed, at most one blank
 * line in a row.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(final String text) {
        final String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
        final StringBuilder out = new StringBuilder(composed.length());
        int newlines = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < composed.length(); ) {
            final int codePoint = composed.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == '\n') {
                newlines++;
                pendingSpace = false;
            } else if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                pendingSpace = true;
            } else if (isInvisible(codePoint)) {
                // dropped: control and format characters carry no readable content but break hashing
            } else {
                if (out.length() > 0) {
                    if (newlines > 0) {
                        out.append(newlines > 1 ? "\n\n" : "\n");
                    } else if (pendingSpace) {
                        out.append(' ');
                    }
                }
                newlines = 0;
                pendingSpace = false;
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    private static boolean isInvisible(final int codePoint) {
        final int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || codePoint == 0xFFFD;
    }
}
