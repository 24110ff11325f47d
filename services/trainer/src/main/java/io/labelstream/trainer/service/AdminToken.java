package io.labelstream.trainer.service;

import io.labelstream.service.secret.GeneratedSecret;
import io.labelstream.trainer.config.TrainerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The admin API's bearer token: configured ({@code LABELSTREAM_TRAINER_ADMIN_TOKEN}, a Kubernetes Secret), or
 * generated once into a file next to the service so that a fresh installation never runs with an open admin API.
 * Created at start-up, so that a generated token's file is there before anyone needs it.
 */
@Startup
@ApplicationScoped
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    private static final int GENERATED_BYTES = 32;

    private final byte[] expectedDigest;

    @Inject
    public AdminToken(final TrainerConfig config) {
        this(config.adminToken(), config.generatedAdminTokenFile());
    }

    public AdminToken(final Optional<String> configured, final Path generatedFile) {
        final String token = configured.filter(value -> !value.isBlank()).orElseGet(() -> generated(generatedFile));
        this.expectedDigest = sha256(token);
    }

    /**
     * Compares digests, so that neither the time taken nor an early length mismatch tells a caller how much of a
     * guess was right.
     */
    public boolean matches(final String presented) {
        return presented != null && MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private static byte[] sha256(final String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String generated(final Path file) {
        final boolean existed = Files.exists(file);
        final String token = GeneratedSecret.readOrCreate(file);
        if (!existed) {
            LOG.infof("No admin token configured: generated one into %s", file.toAbsolutePath());
        }
        return token;
    }
}
