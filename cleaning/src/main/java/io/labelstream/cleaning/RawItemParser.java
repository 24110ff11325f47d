package io.labelstream.cleaning;

import com.ethlo.time.ITU;
import com.ethlo.time.LeapSecondException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.labelstream.schemas.EventSchemas;
import io.labelstream.schemas.EventType;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.List;

/**
 * Reads the bytes of one {@code items.raw} value into a {@link RawItem} that satisfies its published schema, or
 * says precisely why not. Used by the cleaning topology and by the HTTP endpoint, so both judge alike.
 */
public final class RawItemParser {

    private static final int MAX_DETAIL_ERRORS = 5;
    private static final List<String> IDENTIFIERS = List.of("project", "sourceId", "sourceItemId");
    /**
     * A field named twice means whatever the reader decides (the first, the last, an error), and readers differ; the
     * platform refuses it rather than guess.
     */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    private static final String DUPLICATE_FIELD = "Duplicate field '";

    private final int maxRecordBytes;

    public RawItemParser(final int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    public RawItem parse(final byte[] value) {
        return validate(read(value));
    }

    /**
     * The JSON document in a raw value or a request body: UTF-8 without a byte-order mark (RFC 8259, section 8.1),
     * at most the accepted size, one JSON value and nothing after it, no field named twice.
     */
    public JsonNode read(final byte[] value) {
        if (value == null) {
            throw new ItemRejectedException(RejectReason.NULL_VALUE, "The record has no value (null).");
        }
        if (value.length > maxRecordBytes) {
            throw new ItemRejectedException(RejectReason.RECORD_TOO_LARGE,
                    "The value has " + value.length + " bytes; at most " + maxRecordBytes + " are accepted.");
        }
        requireUtf8WithoutByteOrderMark(value);
        return readJson(decodeUtf8(value));
    }

    /** The raw item in a JSON document that satisfies the published schema of its version. */
    public RawItem validate(final JsonNode document) {
        if (!document.isObject()) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE,
                    "A raw item is a JSON object, not " + document.getNodeType().name().toLowerCase() + ".");
        }
        final int version = schemaVersion(document);
        final List<String> errors = EventSchemas.validate(EventType.RAW_ITEM, version, document);
        if (!errors.isEmpty()) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE, String.join("; ",
                    errors.subList(0, Math.min(errors.size(), MAX_DETAIL_ERRORS))));
        }
        requireDateTime(document, "createdAt");
        IDENTIFIERS.forEach(field -> requireNoControlCharacter(document, field));
        final RawItem item = toRawItem(document);
        requireWholeCharacters("The content", item.content());
        // an identifier with half a surrogate pair would become '?' in the UTF-8 bytes of a Kafka key or a row
        requireWholeCharacters("sourceItemId", item.sourceItemId());
        requireWholeCharacters("sourceId", item.sourceId());
        requireWholeCharacters("project", item.project());
        requirePlainMetadata(item);
        return item;
    }

    /**
     * Metadata travels to every consumer of {@code items.clean} and into their logs and tables: a key is a name and
     * may hold no control character; a value is text and may hold line breaks and tabs, but no other control
     * character (a NUL, which PostgreSQL refuses in text, or an ESC, which rewrites a terminal).
     */
    private static void requirePlainMetadata(final RawItem item) {
        if (item.metadata() == null) {
            return;
        }
        item.metadata().forEach((key, value) -> {
            requireWholeCharacters("A metadata key", key);
            requireWholeCharacters("The metadata value of '" + key + "'", value);
            final int keyControl = firstControlCharacter(key, false);
            if (keyControl >= 0) {
                throw new ItemRejectedException(RejectReason.INVALID_SHAPE, String.format(
                        "The metadata key %s contains the control character U+%04X; keys may not contain control "
                                + "characters.", Json.MAPPER.valueToTree(key), (int) key.charAt(keyControl)));
            }
            final int valueControl = firstControlCharacter(value, true);
            if (valueControl >= 0) {
                throw new ItemRejectedException(RejectReason.INVALID_SHAPE, String.format(
                        "The metadata value of %s contains the control character U+%04X; values may contain tabs "
                                + "and line breaks, but no other control character.",
                        Json.MAPPER.valueToTree(key), (int) value.charAt(valueControl)));
            }
        });
    }

    private static int firstControlCharacter(final String text, final boolean lineBreaksAndTabsAllowed) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAndTabsAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The schema's {@code date-time} format is only an annotation to its validator, so the parser asserts it:
     * without this, Jackson would read an empty string as no time and a string of digits as epoch seconds.
     */
    private static void requireDateTime(final JsonNode document, final String field) {
        final JsonNode value = document.get(field);
        if (value == null) {
            return;
        }
        try {
            ITU.parseDateTime(value.asText());
        } catch (final LeapSecondException leapSecond) {
            // RFC 3339 allows second 60 on the days that have one; the instant is its second 59
        } catch (final DateTimeException e) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE, field + " " + value
                    + " is not an RFC 3339 date-time such as \"2026-11-27T10:15:30Z\".");
        }
    }

    /**
     * Identifiers travel verbatim: sourceItemId is the raw record's Kafka key, and all of them end up in log lines,
     * database rows and file names, where a NUL, an ESC, a CR or a LF cuts, hides or forges text. The schema cannot
     * forbid them ({@code project}'s pattern lets a final LF through), so the parser does, for every path alike.
     */
    private static void requireNoControlCharacter(final JsonNode document, final String field) {
        final JsonNode value = document.get(field);
        if (value == null) {
            return;
        }
        final String text = value.asText();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new ItemRejectedException(RejectReason.INVALID_SHAPE, String.format(
                        "%s contains the control character U+%04X at position %d; identifiers may not contain "
                                + "control characters.", field, (int) text.charAt(i), i + 1));
            }
        }
    }

    /**
     * The schema and the record are kept apart, so a value the schema admits may still not fit the record's type;
     * that is the item's shape, never a processing failure.
     */
    private static RawItem toRawItem(final JsonNode document) {
        try {
            return Json.MAPPER.convertValue(document, RawItem.class);
        } catch (final IllegalArgumentException e) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE, "The item does not fit the raw-item shape: "
                    + (e.getCause() instanceof JacksonException cause ? cause.getOriginalMessage() : e.getMessage()));
        }
    }

    /**
     * JSON between systems is UTF-8. A UTF-8 byte-order mark and the NUL bytes of UTF-16 or UTF-32 text in the first
     * characters (RFC 4627's detection) are valid UTF-8 bytes, so the decoder alone would pass them on and the item
     * would be called "not JSON"; the encoding is what is wrong, and the detail says which.
     */
    private static void requireUtf8WithoutByteOrderMark(final byte[] value) {
        if (startsWith(value, 0xEF, 0xBB, 0xBF)) {
            throw new ItemRejectedException(RejectReason.INVALID_ENCODING,
                    "The value starts with a UTF-8 byte-order mark; send UTF-8 without one.");
        }
        if (startsWith(value, 0xFE, 0xFF) || startsWith(value, 0xFF, 0xFE) || hasNulIn(value, 4)) {
            throw new ItemRejectedException(RejectReason.INVALID_ENCODING,
                    "The value is UTF-16 or UTF-32 text; send UTF-8.");
        }
    }

    private static boolean startsWith(final byte[] value, final int... prefix) {
        if (value.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((value[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNulIn(final byte[] value, final int firstBytes) {
        for (int i = 0; i < Math.min(value.length, firstBytes); i++) {
            if (value[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String decodeUtf8(final byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (final CharacterCodingException e) {
            throw new ItemRejectedException(RejectReason.INVALID_ENCODING, "The value is not valid UTF-8.");
        }
    }

    private static JsonNode readJson(final String text) {
        if (text.isBlank()) {
            throw new ItemRejectedException(RejectReason.NOT_JSON, "The value is empty.");
        }
        try {
            return READER.readTree(text);
        } catch (final JacksonException e) {
            // the parser's duplicate check has no exception type of its own, only this message
            if (e.getOriginalMessage().startsWith(DUPLICATE_FIELD)) {
                throw new ItemRejectedException(RejectReason.INVALID_SHAPE,
                        "A field is named twice: " + e.getOriginalMessage() + ".");
            }
            throw new ItemRejectedException(RejectReason.NOT_JSON, "Not JSON: " + e.getOriginalMessage());
        }
    }

    /** An integral schemaVersion without a published schema is an unsupported version; anything else is shape. */
    private static int schemaVersion(final JsonNode document) {
        final JsonNode version = document.get("schemaVersion");
        if (version != null && version.isIntegralNumber() && version.canConvertToInt()
                && version.intValue() != RawItem.VERSION
                && EventSchemas.schema(EventType.RAW_ITEM, version.intValue()).isEmpty()) {
            throw new ItemRejectedException(RejectReason.UNSUPPORTED_SCHEMA_VERSION,
                    "schemaVersion " + version.intValue() + " is not supported; this platform reads version "
                            + RawItem.VERSION + ".");
        }
        return RawItem.VERSION;
    }

    private static void requireWholeCharacters(final String what, final String text) {
        if (text != null && hasUnpairedSurrogate(text)) {
            throw new ItemRejectedException(RejectReason.INVALID_ENCODING,
                    what + " contains an unpaired UTF-16 surrogate, which is no character.");
        }
    }

    private static boolean hasUnpairedSurrogate(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
