package io.labelstream.ml.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import io.labelstream.ml.features.Features;
import io.labelstream.ml.features.ImageFeatures;
import java.util.List;
import java.util.Random;

/**
 * Featurized examples as a DJL dataset. With augmentation on (image models, training split only) each draw is
 * randomly mirrored left-right and shifted by up to two pixels, AlexNet's cheap label-preserving transforms. With a
 * minimum epoch size, a smaller set is repeated to that size: index {@code i} is example {@code i mod n}.
 */
public final class ExampleDataset extends RandomAccessDataset {

    private static final int MAX_SHIFT = 2;
    private static final float BACKGROUND = -1f;

    private final List<LabeledExample> examples;
    private final int epochSize;
    private final boolean augment;
    private final Random random;

    private ExampleDataset(final Builder builder) {
        super(builder);
        this.examples = builder.examples;
        this.epochSize = Math.max(builder.examples.size(), builder.minEpochSamples);
        this.augment = builder.augment;
        this.random = new Random(builder.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(final NDManager manager, final long index) {
        final LabeledExample example = examples.get(Math.toIntExact(index % examples.size()));
        final Features features = augment && example.features() instanceof ImageFeatures image
                ? augmented(image) : example.features();
        return new Record(features.toNDList(manager), new NDList(manager.create((long) example.label())));
    }

    /** The examples are featurized up front; there is nothing to fetch or unpack. */
    @Override
    public void prepare(final Progress progress) {
    }

    @Override
    protected long availableSize() {
        return epochSize;
    }

    private ImageFeatures augmented(final ImageFeatures image) {
        final boolean mirror;
        final int dx;
        final int dy;
        synchronized (random) {
            mirror = random.nextBoolean();
            dx = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            dy = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        }
        final int width = image.width();
        final int height = image.height();
        final float[] source = image.pixels();
        final float[] target = new float[source.length];
        for (int c = 0; c < image.channels(); c++) {
            final int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                final int sy = y - dy;
                for (int x = 0; x < width; x++) {
                    final int sx0 = x - dx;
                    final int sx = mirror ? width - 1 - sx0 : sx0;
                    target[plane + y * width + x] = sy < 0 || sy >= height || sx < 0 || sx >= width
                            ? BACKGROUND : source[plane + sy * width + sx];
                }
            }
        }
        return new ImageFeatures(target, image.channels(), height, width);
    }

    public static final class Builder extends BaseBuilder<Builder> {

        private List<LabeledExample> examples = List.of();
        private boolean augment;
        private long seed;
        private int minEpochSamples;

        public Builder setExamples(final List<LabeledExample> examples) {
            this.examples = List.copyOf(examples);
            return this;
        }

        /** Repeats a smaller set so that one epoch draws at least this many examples. */
        public Builder optMinEpochSamples(final Integer value) {
            this.minEpochSamples = value == null ? 0 : value;
            return this;
        }

        public Builder optAugment(final boolean augment, final long seed) {
            this.augment = augment;
            this.seed = seed;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public ExampleDataset build() {
            return new ExampleDataset(this);
        }
    }
}
