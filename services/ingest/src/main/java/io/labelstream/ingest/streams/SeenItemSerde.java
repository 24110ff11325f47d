package io.labelstream.ingest.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The values of the seen-items store, written once per clean item and read when a task starts: a format byte, the
 * record time and the UTF-8 item id.
 */
final class SeenItemSerde {

    private static final byte FORMAT = 1;

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
        if (data.length < 1 + Long.BYTES || data[0] != FORMAT) {
            throw new SerializationException("Not a seen item of format " + FORMAT + " (" + data.length + " bytes)");
        }
        final long seenAt = ByteBuffer.wrap(data, 1, Long.BYTES).getLong();
        return new SeenItem(new String(data, 1 + Long.BYTES, data.length - 1 - Long.BYTES, StandardCharsets.UTF_8),
                seenAt);
    }
}
