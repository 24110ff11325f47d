package io.labelstream.labeling.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Refuses a NUL character (U+0000) in any string of a request body as it is read: PostgreSQL cannot store
 * it in text, and the failure would otherwise surface as a server error at the first insert. The refusal is a
 * {@link InvalidFormatException}, which the API answers with 400 like any other unreadable body.
 */
public final class NulFreeStrings extends SimpleModule {

    public NulFreeStrings() {
        super("nul-free-strings");
        addDeserializer(String.class, new Deserializer());
    }

    private static final class Deserializer extends StdScalarDeserializer<String> {

        Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(final JsonParser parser, final DeserializationContext context) throws IOException {
            final String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf(0) >= 0) {
                throw InvalidFormatException.from(parser, "text must not contain a NUL character (U+0000)", value,
                        String.class);
            }
            return value;
        }
    }
}
