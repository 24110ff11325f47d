package io.labelstream.schemas.json;

import com.ethlo.time.ITU;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Instants as every event writes them, RFC 3339 strings such as {@code 2026-11-28T10:00:00.123456Z}, parsed by ITU:
 * {@code Instant.parse} (what Jackson's own deserializer uses) takes about a microsecond per timestamp, a sizeable
 * part of reading a small event, and ITU a tenth of that. Anything else, such as epoch numbers or a string that is
 * not RFC 3339, goes to Jackson's deserializer, which accepts or refuses it as before.
 */
final class Rfc3339InstantDeserializer extends StdScalarDeserializer<Instant> {

    Rfc3339InstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(final JsonParser parser, final DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            try {
                return ITU.parseDateTime(parser.getText()).toInstant();
            } catch (final DateTimeException notRfc3339) {
                // left to Jackson's deserializer, which reads more forms and names the problem when it cannot
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
}
