package io.labelstream.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The one Kafka serde of the platform: UTF-8 JSON through {@link Json#MAPPER}; null stays null (tombstones). */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;

    public JsonSerde(final Class<T> type) {
        this.type = type;
    }

    public static <T> JsonSerde<T> of(final Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public byte[] serialize(final String topic, final T data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsBytes(data);
        } catch (final JsonProcessingException e) {
            throw new SerializationException("Cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(data, type);
        } catch (final IOException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from topic " + topic, e);
        }
    }

    /**
     * Reads a fetched record's value where the consumer holds it, in the fetch response: Kafka's default would copy
     * every value into an array of its own first.
     */
    @Override
    public T deserialize(final String topic, final Headers headers, final ByteBuffer data) {
        if (data == null || !data.hasArray()) {
            return Deserializer.super.deserialize(topic, headers, data);
        }
        try {
            return Json.MAPPER.readValue(data.array(), data.arrayOffset() + data.position(), data.remaining(), type);
        } catch (final IOException e) {
            throw new SerializationException("Cannot read " + type.getSimpleName() + " from topic " + topic, e);
        }
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
