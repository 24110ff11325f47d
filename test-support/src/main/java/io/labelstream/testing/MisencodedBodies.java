package io.labelstream.testing;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Item bodies that every entry point (a record on {@code items.raw}, the HTTP intake, the predict endpoint) must
 * refuse with the same reason code, built around any well-formed item of the caller's.
 */
public final class MisencodedBodies {

    /** One bad body, what is wrong with it, and the reject reason code every entry point gives it. */
    public record Case(String name, byte[] body, String reason) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private MisencodedBodies() {
    }

    /** The cases for one well-formed item, given as a JSON object whose first field is {@code firstField}. */
    public static List<Case> around(final String validItem, final String firstField) {
        final String duplicated = validItem.replaceFirst("\\{", "{\"" + firstField + "\":\"twice\",");
        final String nestedDuplicate = validItem.replaceFirst("\\{",
                "{\"metadata\":{\"mailbox\":\"inbox\",\"mailbox\":\"spam\"},");
        return List.of(
                new Case("a UTF-8 byte-order mark", concat(UTF8_BOM, validItem.getBytes(StandardCharsets.UTF_8)),
                        "INVALID_ENCODING"),
                new Case("UTF-16 with its byte-order mark", validItem.getBytes(StandardCharsets.UTF_16),
                        "INVALID_ENCODING"),
                new Case("UTF-16LE without a byte-order mark", validItem.getBytes(StandardCharsets.UTF_16LE),
                        "INVALID_ENCODING"),
                new Case("UTF-16BE without a byte-order mark", validItem.getBytes(StandardCharsets.UTF_16BE),
                        "INVALID_ENCODING"),
                new Case("UTF-32", encode(validItem, Charset.forName("UTF-32")), "INVALID_ENCODING"),
                new Case("a field named twice", duplicated.getBytes(StandardCharsets.UTF_8), "INVALID_SHAPE"),
                new Case("a nested field named twice", nestedDuplicate.getBytes(StandardCharsets.UTF_8),
                        "INVALID_SHAPE"));
    }

    private static byte[] encode(final String text, final Charset charset) {
        final ByteBuffer buffer = charset.encode(text);
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
