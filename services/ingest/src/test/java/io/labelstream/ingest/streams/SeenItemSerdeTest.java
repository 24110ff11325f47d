package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SeenItemSerdeTest {

    private final SeenItemSerde serde = new SeenItemSerde();

    @Test
    void shouldReadBackWhatItWrote() {
        final SeenItem seen = new SeenItem("0123456789abcdef0123456789abcdef", 1_700_000_000_123L);

        final byte[] written = serde.serialize("t", seen);

        assertThat(written).hasSize(1 + Long.BYTES + 32);
        assertThat(serde.deserialize("t", written)).isEqualTo(seen);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void shouldStillReadTheJsonValuesOfEarlierStores() {
        final byte[] json = "{\"itemId\":\"abc\",\"seenAt\":12}".getBytes(StandardCharsets.UTF_8);

        assertThat(serde.deserialize("t", json)).isEqualTo(new SeenItem("abc", 12));
    }

    @Test
    void shouldRefuseBytesOfAnUnknownFormat() {
        assertThatThrownBy(() -> serde.deserialize("t", new byte[] {7, 0, 0})).isInstanceOf(SerializationException.class);
    }
}
