package io.labelstream.cleaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RejectReason;
import java.nio.charset.StandardCharsets;
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

    private RejectReason reasonFor(final byte[] value) {
        return catchThrowableOfType(ItemRejectedException.class, () -> parser.parse(value)).reason();
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
}
