package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SeenItemSerdeTest {

    private final Serde<SeenItem> serde = SeenItemSerde.create();

    @Test
    void shouldReadBackWhatItWrote() {
        final SeenItem seen = new SeenItem("0123456789abcdef0123456789abcdef", 1_700_000_000_123L);

        final byte[] written = serde.serializer().serialize("t", seen);

        assertThat(written).hasSize(1 + Long.BYTES + 32);
        assertThat(serde.deserializer().deserialize("t", written)).isEqualTo(seen);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRefuseBytesOfAnUnknownFormat() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {7, 0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0}))
                .as("too short for a record time").isInstanceOf(SerializationException.class);
    }
}
