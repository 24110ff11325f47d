package io.labelstream.ingest.service;

import io.labelstream.ingest.config.IngestConfig;
import io.labelstream.service.secret.GeneratedSecret;
import io.labelstream.service.security.FailedAttempts;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
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
    private final FailedAttempts failedKeys;

    ApiKeys(final IngestConfig config) {
        this.keysBySource = config.http().apiKeys().isEmpty()
                ? Map.of(DEFAULT_SOURCE, generatedKey(config.http().generatedKeyFile()))
                : Map.copyOf(config.http().apiKeys());
        this.failedKeys = new FailedAttempts(config.http().failedKeysPerAddress(), config.http().failedKeyPeriod());
    }

    /**
     * The source of the key a client address presented. A missing or unknown key counts against the address; while
     * the address has failed too often, no key is checked at all.
     *
     * @throws TooManyFailedKeys while the address must wait
     */
    public Optional<String> sourceOf(final String presentedKey, final String address) {
        final Optional<Duration> wait = failedKeys.wait(address);
        if (wait.isPresent()) {
            throw new TooManyFailedKeys(wait.get());
        }
        final Optional<String> source = sourceOf(presentedKey);
        if (source.isEmpty()) {
            failedKeys.failed(address);
        }
        return source;
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

    /** Too many requests with a missing or unknown key from one address; try again after {@code retryAfter}. */
    public static final class TooManyFailedKeys extends RuntimeException {

        private final Duration retryAfter;

        TooManyFailedKeys(final Duration retryAfter) {
            super("too many requests with a missing or unknown API key from this address", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
