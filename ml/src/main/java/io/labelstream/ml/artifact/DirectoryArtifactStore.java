package io.labelstream.ml.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Artifacts as files {@code <root>/sha256/<first two hex digits>/<sha256>.zip}. Writes go to a temporary file in the
 * same directory and are moved into place atomically, so readers on a shared volume never see half an artifact.
 */
public final class DirectoryArtifactStore implements ArtifactStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public DirectoryArtifactStore(final Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredArtifact put(final byte[] artifact) {
        final String sha256 = sha256(artifact);
        final Path target = path(sha256);
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                final Path temporary = Files.createTempFile(target.getParent(), sha256, ".tmp");
                Files.write(temporary, artifact);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot store model artifact " + sha256, e);
        }
        return new StoredArtifact(sha256, target.toUri().toString(), artifact.length);
    }

    @Override
    public byte[] get(final String sha256) {
        final Path file = path(sha256);
        if (!Files.exists(file)) {
            throw new ArtifactNotFoundException(sha256);
        }
        final byte[] artifact;
        try {
            artifact = Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read model artifact " + sha256, e);
        }
        if (!sha256(artifact).equals(sha256)) {
            throw new IllegalStateException("model artifact " + sha256 + " is corrupt: its content hash differs");
        }
        return artifact;
    }

    @Override
    public boolean contains(final String sha256) {
        return Files.exists(path(sha256));
    }

    public Path path(final String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex sha256: " + sha256);
        }
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256 + ".zip");
    }

    public static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
