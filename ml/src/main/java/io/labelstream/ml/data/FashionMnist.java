package io.labelstream.ml.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads Fashion-MNIST from its IDX files (gzipped, as the Debian package {@code dataset-fashion-mnist} installs them
 * under {@code /usr/share/datasets/fashion-mnist}).
 */
public final class FashionMnist {

    /** The data set's official class names, in label-index order, as the demo labeling project spells them. */
    public static final List<String> LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int SIZE = 28;

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private FashionMnist() {
    }

    /** One image: row-major gray pixels (0 background) and the index of its label. */
    public record Image(String id, byte[] pixels, int label) {
    }

    public static List<Image> train(final Path directory) throws IOException {
        return read(directory, "train", "train");
    }

    public static List<Image> test(final Path directory) throws IOException {
        return read(directory, "t10k", "test");
    }

    private static List<Image> read(final Path directory, final String prefix, final String idPrefix)
            throws IOException {
        final byte[] labels;
        try (DataInputStream in = open(directory.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
            if (in.readInt() != LABELS_MAGIC) {
                throw new IOException("not an IDX label file");
            }
            labels = in.readNBytes(in.readInt());
        }
        final List<Image> images = new ArrayList<>(labels.length);
        try (DataInputStream in = open(directory.resolve(prefix + "-images-idx3-ubyte.gz"))) {
            if (in.readInt() != IMAGES_MAGIC) {
                throw new IOException("not an IDX image file");
            }
            final int count = in.readInt();
            final int rows = in.readInt();
            final int columns = in.readInt();
            if (count != labels.length || rows != SIZE || columns != SIZE) {
                throw new IOException("unexpected IDX image geometry " + count + "x" + rows + "x" + columns);
            }
            for (int i = 0; i < count; i++) {
                images.add(new Image(idPrefix + "-" + i, in.readNBytes(rows * columns), labels[i]));
            }
        }
        return images;
    }

    private static DataInputStream open(final Path file) throws IOException {
        final InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
    }
}
