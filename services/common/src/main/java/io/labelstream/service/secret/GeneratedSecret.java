package io.labelstream.service.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret generated once into a file only its owner can read, and read from there after a restart: a fresh
 * installation without a configured secret never runs open, and its operator finds the secret in one place.
 */
public final class GeneratedSecret {

    private static final int RANDOM_BYTES = 32;

    private GeneratedSecret() {
    }

    /** The secret in {@code file}, or a new random one (URL-safe base64) written there first. */
    public static String readOrCreate(final Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            final byte[] random = new byte[RANDOM_BYTES];
            new SecureRandom().nextBytes(random);
            final String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read or write the secret file " + file, e);
        }
    }
}
