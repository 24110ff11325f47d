package io.labelstream.schemas.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/** The one JSON mapper configuration of the platform. */
public final class Json {

    /**
     * Unknown properties are ignored so that consumers keep working when a producer adds an optional field, which
     * is the only kind of change a published schema version may take.
     */
    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /**
     * Probabilities and uncertainties make most of a prediction's bytes: Jackson's own double writer (Schubfach)
     * and parser are several times faster than Java 17's {@code Double.toString} and {@code parseDouble}, and every
     * value still reads back as the same double.
     */
    public static ObjectMapper configure(final ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("rfc3339-instants")
                        .addDeserializer(Instant.class, new Rfc3339InstantDeserializer()))
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature())
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }
}
