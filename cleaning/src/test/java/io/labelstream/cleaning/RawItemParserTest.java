package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RejectReason;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawItemParserTest {

    private final RawItemParser parser = new RawItemParser(1_000);

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String item(final String content) {
        return "{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"s\",\"kind\":\"text\","
                + "\"contentType\":\"text/plain\",\"content\":" + content + "}";
    }

    private static String withField(final String field, final String json) {
        return item("\"a\"").replace("}", ",\"" + field + "\":" + json + "}");
    }

    private ItemRejectedException rejectionOf(final byte[] value) {
        return catchThrowableOfType(ItemRejectedException.class, () -> parser.parse(value));
    }

    private RejectReason reasonFor(final byte[] value) {
        return rejectionOf(value).reason();
    }

    @Test
    void shouldReadAValidItem() {
        final RawItem item = parser.parse(utf8(item("\"Grüße\"")));

        assertThat(item.project()).isEqualTo("spam");
        assertThat(item.kind()).isEqualTo(ItemKind.text);
        assertThat(item.content()).isEqualTo("Grüße");
    }

    @Test
    void shouldNameTheReasonForEachKindOfBadValue() {
        assertThat(reasonFor(null)).isEqualTo(RejectReason.NULL_VALUE);
        assertThat(reasonFor(new byte[1_001])).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(reasonFor(new byte[] {'"', (byte) 0xC3, '"'})).isEqualTo(RejectReason.INVALID_ENCODING);
        assertThat(reasonFor(utf8("  "))).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reasonFor(utf8("{\"schemaVersion\":"))).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reasonFor(utf8(item("\"a\"") + " {}"))).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reasonFor(utf8("[1]"))).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(reasonFor(utf8(item("\"a\"").replace("\"kind\":\"text\",", ""))))
                .isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(reasonFor(utf8(item("\"a\"").replace("}", ",\"extra\":1}")))).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(reasonFor(utf8(item("\"a\"").replace("\"schemaVersion\":1", "\"schemaVersion\":2"))))
                .isEqualTo(RejectReason.UNSUPPORTED_SCHEMA_VERSION);
        assertThat(reasonFor(utf8(item("\"half a pair \\ud83d\"")))).isEqualTo(RejectReason.INVALID_ENCODING);
    }

    @Test
    void shouldSayWhichEncodingIsWrongAndWhichFieldIsNamedTwice() {
        final byte[] item = utf8(item("\"a\""));
        final byte[] withBom = new byte[item.length + 3];
        System.arraycopy(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 0, withBom, 0, 3);
        System.arraycopy(item, 0, withBom, 3, item.length);

        assertThat(rejectionOf(withBom).detail()).contains("byte-order mark");
        for (final Charset wide : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, Charset.forName("UTF-32"), Charset.forName("UTF-32LE"))) {
            assertThat(rejectionOf(item("\"a\"").getBytes(wide)).detail()).as(wide.name()).contains("UTF-16 or UTF-32");
        }
        final ItemRejectedException twice = rejectionOf(utf8(item("\"a\"").replace("{", "{\"content\":\"b\",")));
        assertThat(twice.reason()).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(twice.detail()).isEqualTo("A field is named twice: Duplicate field 'content'.");
    }

    @Test
    void shouldReadCreatedAtWrittenAsRfc3339() {
        final RawItem item = parser.parse(utf8(withField("createdAt", "\"2026-11-27T11:15:30.5+01:00\"")));

        assertThat(item.createdAt()).isEqualTo(Instant.parse("2026-11-27T10:15:30.5Z"));
        assertThat(parser.parse(utf8(withField("createdAt", "\"2016-12-31T23:59:60Z\""))).createdAt())
                .as("a leap second").isEqualTo(Instant.parse("2016-12-31T23:59:59Z"));
    }

    @Test
    void shouldRejectACreatedAtThatIsNoDateTimeAsInvalidShapeNamingTheField() {
        for (final String createdAt : List.of("\"yesterday at noon\"", "\"2026-13-45T10:15:30Z\"", "\"2026-11-27\"",
                "\"1764238530\"", "\"\"")) {
            final ItemRejectedException rejection = rejectionOf(utf8(withField("createdAt", createdAt)));

            assertThat(rejection.reason()).as(createdAt).isEqualTo(RejectReason.INVALID_SHAPE);
            assertThat(rejection.detail()).as(createdAt).contains("createdAt").contains("RFC 3339");
        }
    }

    @Test
    void shouldRejectAFieldOfTheWrongJsonTypeAsInvalidShape() {
        final List<String> wrongTypes = List.of(
                item("\"a\"").replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\""),
                item("\"a\"").replace("\"project\":\"spam\"", "\"project\":7"),
                item("\"a\"").replace("\"sourceId\":\"s\"", "\"sourceId\":[\"s\"]"),
                item("\"a\"").replace("\"kind\":\"text\"", "\"kind\":1"),
                item("\"a\"").replace("\"contentType\":\"text/plain\"", "\"contentType\":{}"),
                item("42"),
                withField("sourceItemId", "12"),
                withField("metadata", "{\"mailbox\":1}"),
                withField("metadata", "\"inbox\""),
                withField("createdAt", "1764238530"),
                withField("createdAt", "null"));
        for (final String value : wrongTypes) {
            assertThat(reasonFor(utf8(value))).as(value).isEqualTo(RejectReason.INVALID_SHAPE);
        }
    }

    @Test
    void shouldRejectIdentifiersWithControlCharactersAsInvalidShapeNamingTheFieldAndTheCharacter() {
        final List<String> controls = List.of("\\u0000", "\\u001b", "\\r", "\\n", "\\t", "\\u007f", "\\u0085",
                "\\u009b");
        for (final String control : controls) {
            final List<String> items = List.of(
                    withField("sourceItemId", "\"msg-" + control + "1\""),
                    item("\"a\"").replace("\"sourceId\":\"s\"", "\"sourceId\":\"s" + control + "\""),
                    item("\"a\"").replace("\"project\":\"spam\"", "\"project\":\"spam" + control + "\""));
            for (final String value : items) {
                final ItemRejectedException rejection = rejectionOf(utf8(value));

                assertThat(rejection.reason()).as(value).isEqualTo(RejectReason.INVALID_SHAPE);
            }
        }
        assertThat(rejectionOf(utf8(withField("sourceItemId", "\"msg-\\u001b[2J1\""))).detail())
                .isEqualTo("sourceItemId contains the control character U+001B at position 5; identifiers may not "
                        + "contain control characters.");
    }

    @Test
    void shouldRejectMetadataKeysWithControlCharactersAndValuesWithOtherThanTabsAndLineBreaks() {
        final ItemRejectedException key = rejectionOf(utf8(withField("metadata", "{\"mail\\u001bbox\":\"inbox\"}")));
        assertThat(key.reason()).isEqualTo(RejectReason.INVALID_SHAPE);
        assertThat(key.detail()).isEqualTo("The metadata key \"mail\\u001Bbox\" contains the control character "
                + "U+001B; keys may not contain control characters.");
        for (final String control : List.of("\\u0000", "\\u001b", "\\u007f", "\\u0085")) {
            final ItemRejectedException value = rejectionOf(utf8(withField("metadata",
                    "{\"subject\":\"a" + control + "b\"}")));
            assertThat(value.reason()).as(control).isEqualTo(RejectReason.INVALID_SHAPE);
            assertThat(value.detail()).as(control).startsWith("The metadata value of \"subject\" contains");
        }
        assertThat(reasonFor(utf8(withField("metadata", "{\"subject\":\"half \\ud83d\"}"))))
                .isEqualTo(RejectReason.INVALID_ENCODING);
        assertThat(parser.parse(utf8(withField("metadata", "{\"subject\":\"line one\\r\\nline\\ttwo\"}")))
                .metadata()).containsEntry("subject", "line one\r\nline\ttwo");
    }

    @Test
    void shouldRejectIdentifiersWithAnUnpairedSurrogateAsInvalidEncodingNamingTheField() {
        final Map<String, String> items = Map.of(
                "sourceItemId", withField("sourceItemId", "\"half \\ud83d a pair\""),
                "sourceId", item("\"a\"").replace("\"sourceId\":\"s\"", "\"sourceId\":\"s\\udc00\""));
        items.forEach((field, value) -> {
            final ItemRejectedException rejection = rejectionOf(utf8(value));

            assertThat(rejection.reason()).as(value).isEqualTo(RejectReason.INVALID_ENCODING);
            assertThat(rejection.detail()).as(value).startsWith(field + " contains an unpaired UTF-16 surrogate");
        });
    }

    @Test
    void shouldAcceptIdentifiersInAnyScriptWithSpacesAndPunctuation() {
        final RawItem item = parser.parse(utf8(withField("sourceItemId", "\"Grüße/メール 42 ✓\"")));

        assertThat(item.sourceItemId()).isEqualTo("Grüße/メール 42 ✓");
    }
}
