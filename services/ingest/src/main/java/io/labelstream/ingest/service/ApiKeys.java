package io.labelstream.ingest.service;

import io.labelstream.ingest.config.IngestConfig;
import io.labelstream.service.secret.GeneratedSecret;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Which source an API key belongs to. Keys come from configuration; without any, a random key for source
 * {@code default} is generated once into a file next to the service, so that a fresh installation never accepts
 * anonymous items. Created at start-up, so that the file is there before the first request needs it.
 */
@Startup
@ApplicationScoped
public class ApiKeys {

    static final String DEFAULT_SOURCE = "default";
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final Map<String, String> keysBySource;

    ApiKeys(final IngestConfig config) {
        this.keysBySource = config.http().apiKeys().isEmpty()
                ? Map.of(DEFAULT_SOURCE, generatedKey(config.http().generatedKeyFile()))
                : Map.copyOf(config.http().apiKeys());
    }

    /** The source whose key this is; every key is compared in constant time, so timing tells nothing. */
    public Optional<String> sourceOf(final String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        final byte[] presented = presentedKey.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (final Map.Entry<String, String> entry : keysBySource.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getValue().getBytes(StandardCharsets.UTF_8))) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static String generatedKey(final Path file) {
        final boolean existed = Files.exists(file);
        final String key = GeneratedSecret.readOrCreate(file);
        if (!existed) {
            LOG.infof("No API key configured: generated one for source '%s' into %s", DEFAULT_SOURCE,
                    file.toAbsolutePath());
        }
        return key;
    }
}
