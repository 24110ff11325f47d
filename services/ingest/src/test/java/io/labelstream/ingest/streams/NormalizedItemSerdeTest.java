package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.cleaning.SimilarityHash;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class NormalizedItemSerdeTest {

    private final Serde<NormalizedItem> serde = NormalizedItemSerde.create();

    private static final NormalizedItem TEXT = new NormalizedItem("0123456789abcdef0123456789abcdef", "spam",
            ItemKind.text, "Grüße, 😀 and a long line\n\nsecond paragraph", null, null, null, null, "de",
            "a".repeat(64), SimilarityHash.of(-42L), new RawRef("items.raw", 5, 123_456_789_012L, "mailgate", "m-1"),
            Map.of("subject", "Hello", "empty", ""));
    private static final NormalizedItem IMAGE = new NormalizedItem("fedcba9876543210fedcba9876543210", "fashion",
            ItemKind.image, null, "iVBORw0KGgo=", 28, 28, 1, null, "b".repeat(64), SimilarityHash.of(Long.MIN_VALUE, 1, -1, 42),
            new RawRef("items.raw", 0, 0, null, null), null);

    @Test
    void shouldReadBackTextAndImageItemsWithEveryOptionalFieldSetOrNot() {
        for (final NormalizedItem item : new NormalizedItem[] {TEXT, IMAGE}) {
            assertThat(roundTrip(item)).isEqualTo(item);
        }
        final NormalizedItem withoutLineage = new NormalizedItem("id", "p", ItemKind.text, "t", null, null, null,
                null, null, "c", SimilarityHash.of(0), null, Map.of());
        assertThat(roundTrip(withoutLineage)).isEqualTo(withoutLineage);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldStillReadRecordsWrittenAsJsonByEarlierVersions() {
        final byte[] json = new String(JsonSerde.of(NormalizedItem.class).serialize("t", TEXT), StandardCharsets.UTF_8)
                .replace("{\"words\":[-42]}", "-42").getBytes(StandardCharsets.UTF_8);

        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(TEXT);
    }

    @Test
    void shouldRefuseTruncatedOrForeignBytes() {
        final byte[] written = serde.serializer().serialize("t", TEXT);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(written, written.length / 2)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class);
    }

    private NormalizedItem roundTrip(final NormalizedItem item) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", item));
    }
}
