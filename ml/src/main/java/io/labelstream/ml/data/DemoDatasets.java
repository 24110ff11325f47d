package io.labelstream.ml.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code datasets/install} puts the two demo data sets: {@code LABELSTREAM_FASHION_MNIST} and
 * {@code LABELSTREAM_SPAM_ASSASSIN} if set, else the Debian package's directory and the npm package under
 * {@code .labelstream/datasets} of the repository (found by walking up from the working directory).
 */
public final class DemoDatasets {

    private static final Path FASHION_DEFAULT = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Path SPAM_IN_REPO = Path.of(".labelstream", "datasets", "spam-assassin", "node_modules",
            "@stdlib", "datasets-spam-assassin", "data");

    private DemoDatasets() {
    }

    public static Optional<Path> fashionMnist() {
        final String configured = System.getenv("LABELSTREAM_FASHION_MNIST");
        final Path directory = configured != null ? Path.of(configured) : FASHION_DEFAULT;
        return Files.exists(directory.resolve("train-images-idx3-ubyte.gz")) ? Optional.of(directory)
                : Optional.empty();
    }

    public static Optional<Path> spamAssassin() {
        final String configured = System.getenv("LABELSTREAM_SPAM_ASSASSIN");
        if (configured != null) {
            return Files.isDirectory(Path.of(configured, "spam-1")) ? Optional.of(Path.of(configured))
                    : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve(SPAM_IN_REPO);
            if (Files.isDirectory(candidate.resolve("spam-1"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
