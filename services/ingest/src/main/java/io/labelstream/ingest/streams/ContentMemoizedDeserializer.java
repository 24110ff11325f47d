package io.labelstream.ingest.streams;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A deserializer that remembers what it read, by the exact bytes: for a store that is read on every record but
 * holds few, rarely changing values (the projects), so that each value is parsed once instead of once per record.
 * The values must be immutable, since every reader of the same bytes gets the same instance.
 */
final class ContentMemoizedDeserializer<T> implements Deserializer<T> {

    /** Far more than the projects of one installation; past it the memory starts over. */
    private static final int MAX_ENTRIES = 1_024;

    private final Deserializer<T> delegate;
    private final Map<ByteBuffer, T> read = new ConcurrentHashMap<>();

    ContentMemoizedDeserializer(final Deserializer<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        final T known = read.get(ByteBuffer.wrap(data));
        if (known != null) {
            return known;
        }
        final T value = delegate.deserialize(topic, data);
        if (read.size() >= MAX_ENTRIES) {
            read.clear();
        }
        read.put(ByteBuffer.wrap(data.clone()), value);
        return value;
    }
}
