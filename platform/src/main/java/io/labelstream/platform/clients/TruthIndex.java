package io.labelstream.platform.clients;

import io.labelstream.cleaning.CleaningLimits;
import io.labelstream.cleaning.ImageLimits;
import io.labelstream.cleaning.ItemCleaner;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.schemas.events.Project;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The true label of what a labeler is shown. The labeling service shows clean content (ingest's normalized text, or
 * the image as PNG), never ids, so the crowd finds the truth by content: a mail by its text as ingest cleans it
 * (the same cleaning library), an image by its pixels.
 */
final class TruthIndex {

    /** Generous bounds: the index must know every item that ingest let through. */
    private static final CleaningLimits LIMITS = new CleaningLimits(64 << 20, 1 << 22, 1 << 20,
            new ImageLimits(64 << 20, 1 << 14, 1L << 28, 1L << 40), 400);

    private final Map<String, String> labels = new HashMap<>();

    static TruthIndex of(final DemoData dataset, final Project project) throws IOException {
        final TruthIndex index = new TruthIndex();
        final Path directory = DatasetDirectories.of(dataset);
        final ItemCleaner cleaner = new ItemCleaner(LIMITS);
        for (final String split : dataset == DemoData.fashion ? List.of("train", "test") : List.of("all")) {
            for (final DemoData.Example example : dataset.examples(directory, project.id(), split, 0, 0,
                    DemoData.Order.shuffled)) {
                if (example.pixels() != null) {
                    index.labels.putIfAbsent(sha256(example.pixels()), example.label());
                } else {
                    try {
                        final String text = cleaner.clean(example.raw(), project, null).toCleanItem(Instant.EPOCH)
                                .text();
                        index.labels.putIfAbsent(sha256(text.getBytes(StandardCharsets.UTF_8)), example.label());
                    } catch (final ItemRejectedException e) {
                        // ingest rejects it too: no labeler is ever shown it
                    }
                }
            }
        }
        return index;
    }

    int size() {
        return labels.size();
    }

    Optional<String> labelOfText(final String text) {
        return Optional.ofNullable(labels.get(sha256(text.getBytes(StandardCharsets.UTF_8))));
    }

    Optional<String> labelOfImage(final String pngBase64) throws IOException {
        final BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(pngBase64)));
        if (image == null) {
            return Optional.empty();
        }
        final byte[] pixels = new byte[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                pixels[y * image.getWidth() + x] = (byte) image.getRaster().getSample(x, y, 0);
            }
        }
        return Optional.ofNullable(labels.get(sha256(pixels)));
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
