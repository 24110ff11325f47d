package io.labelstream.ingest.streams;

import io.labelstream.schemas.json.JsonSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The de-duplication store's values, written once per index block of every clean item and read on every lookup:
 * a format byte, the record time and the UTF-8 item id, instead of JSON. Values written as JSON by earlier
 * versions (they start with '{') are still read, so existing stores and changelogs stay usable.
 */
final class SeenItemSerde {

    private static final byte FORMAT = 1;
    private static final JsonSerde<SeenItem> EARLIER_FORMAT = JsonSerde.of(SeenItem.class);

    private SeenItemSerde() {
    }

    static Serde<SeenItem> create() {
        return Serdes.serdeFrom(SeenItemSerde::write, SeenItemSerde::read);
    }

    private static byte[] write(final String topic, final SeenItem seen) {
        if (seen == null) {
            return null;
        }
        final byte[] itemId = seen.itemId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Long.BYTES + itemId.length).put(FORMAT).putLong(seen.seenAt()).put(itemId)
                .array();
    }

    private static SeenItem read(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return EARLIER_FORMAT.deserialize(topic, data);
        }
        if (data.length < 1 + Long.BYTES || data[0] != FORMAT) {
            throw new SerializationException("Not a seen item of format " + FORMAT + " (" + data.length + " bytes)");
        }
        final long seenAt = ByteBuffer.wrap(data, 1, Long.BYTES).getLong();
        return new SeenItem(new String(data, 1 + Long.BYTES, data.length - 1 - Long.BYTES, StandardCharsets.UTF_8),
                seenAt);
    }
}
