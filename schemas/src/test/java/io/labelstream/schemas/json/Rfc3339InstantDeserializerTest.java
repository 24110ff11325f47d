package io.labelstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc3339InstantDeserializerTest {

    @Test
    void shouldReadRfc3339TimestampsAsInstantParseDoes() throws Exception {
        for (final String text : new String[] {"2026-11-28T10:00:00Z", "2026-11-28T10:00:00.1Z",
                "2026-11-28T10:00:00.123456Z", "2026-11-28T10:00:00.123456789Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z", "2026-11-28T12:30:00+02:30", "2026-11-28T01:00:00.5-09:00"}) {
            assertThat(read("\"" + text + "\"")).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void shouldReadBackEveryInstantItWrote() throws Exception {
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            final Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 32_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(read(Json.MAPPER.writeValueAsString(instant))).isEqualTo(instant);
        }
    }

    @Test
    void shouldLeaveOtherFormsToJacksonsDeserializer() throws Exception {
        assertThat(read("1764324000")).isEqualTo(Instant.ofEpochSecond(1_764_324_000L));
        assertThat(read("1764324000.5")).isEqualTo(Instant.ofEpochSecond(1_764_324_000L, 500_000_000));
        assertThat(read("null")).isNull();
    }

    @Test
    void shouldRefuseTextThatIsNoTimestampNamingIt() {
        assertThatThrownBy(() -> read("\"yesterday at noon\"")).isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("yesterday at noon");
        assertThatThrownBy(() -> read("\"2026-13-28T10:00:00Z\"")).isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("2026-13-28T10:00:00Z");
    }

    private static Instant read(final String json) throws Exception {
        return Json.MAPPER.readValue(json, Instant.class);
    }
}
