package io.labelstream.ingest.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Offers {@link CleaningStreamsConfig#settings()} as {@code kafka-streams.*} configuration, which the Kafka
 * Streams extension passes to Streams. Its ordinal is below application.properties (250) and the environment
 * (300), so either can still override a setting for one deployment.
 */
public final class CleaningStreamsConfigSource implements ConfigSource {

    private static final String PREFIX = "kafka-streams.";
    private static final int ORDINAL = 200;

    private final Map<String, String> properties = new HashMap<>();

    public CleaningStreamsConfigSource() {
        CleaningStreamsConfig.settings().forEach((name, value) -> properties.put(PREFIX + name, value));
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(final String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "cleaning-streams-settings";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
