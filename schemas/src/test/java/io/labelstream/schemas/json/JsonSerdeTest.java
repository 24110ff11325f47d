package io.labelstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;

class JsonSerdeTest {

    private final JsonSerde<CleanItem> serde = JsonSerde.of(CleanItem.class);
    private final CleanItem item = new CleanItem(CleanItem.VERSION, "item-1", "spam", ItemKind.text, "héllo wörld",
            null, null, null, null, "en", null, null, null, Instant.parse("2026-11-28T10:00:00Z"));

    @Test
    void shouldReadAValueFromTheMiddleOfAFetchedBuffer() {
        final byte[] json = serde.serialize("items.clean", item);
        final ByteBuffer fetched = ByteBuffer.allocate(json.length + 20);
        fetched.position(7);
        fetched.put(json);
        fetched.put("trailing".getBytes(StandardCharsets.UTF_8));
        final ByteBuffer value = fetched.position(7).slice().limit(json.length);

        assertThat(serde.deserialize("items.clean", new RecordHeaders(), value)).isEqualTo(item);
        assertThat(value.position()).as("the buffer is left as it was").isZero();
    }

    @Test
    void shouldReadADirectBufferAndNull() {
        final byte[] json = serde.serialize("items.clean", item);
        final ByteBuffer direct = ByteBuffer.allocateDirect(json.length).put(json).flip();

        assertThat(serde.deserialize("items.clean", new RecordHeaders(), direct)).isEqualTo(item);
        assertThat(serde.deserialize("items.clean", new RecordHeaders(), (ByteBuffer) null)).isNull();
    }

    @Test
    void shouldRefuseABufferThatIsNotTheEvent() {
        final ByteBuffer broken = ByteBuffer.wrap("{\"itemId\": ".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> serde.deserialize("items.clean", new RecordHeaders(), broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("CleanItem").hasMessageContaining("items.clean");
    }
}
