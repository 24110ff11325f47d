package io.labelstream.ml;

import io.labelstream.ml.features.ImageFeaturizer;
import io.labelstream.ml.features.TextFeaturizer;
import io.labelstream.ml.training.LabeledExample;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small learnable data sets made on the spot: no files, no downloads. */
public final class SyntheticData {

    public static final List<String> TEXT_LABELS = List.of("ham", "spam");
    public static final List<String> IMAGE_LABELS = List.of("left", "right");
    public static final InputSpec TEXT_INPUT = InputSpec.text(1 << 12, 128);
    public static final InputSpec IMAGE_INPUT = InputSpec.image(28, 28, 1);

    private static final String[] HAM = {"meeting", "agenda", "notes", "project", "review", "lunch", "schedule",
        "report", "budget", "team"};
    private static final String[] SPAM = {"winner", "free", "money", "offer", "click", "prize", "cash", "viagra",
        "lottery", "urgent"};
    private static final String[] SHARED = {"the", "a", "you", "for", "today", "please", "and", "to"};

    private SyntheticData() {
    }

    public static String text(final int label, final Random random) {
        final String[] words = label == 0 ? HAM : SPAM;
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            final String[] pool = random.nextInt(3) == 0 ? words : SHARED;
            text.append(pool[random.nextInt(pool.length)]).append(' ');
        }
        return text.toString().trim();
    }

    public static List<LabeledExample> texts(final int count, final long seed) {
        final Random random = new Random(seed);
        final TextFeaturizer featurizer = new TextFeaturizer(TEXT_INPUT);
        final List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int label = i % 2;
            examples.add(new LabeledExample("t" + seed + "-" + i, label, featurizer.fromText(text(label, random))));
        }
        return examples;
    }

    /** A bright blob in the left or the right half of a dark 28x28 image. */
    public static BufferedImage image(final int label, final Random random) {
        final BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        final int cx = (label == 0 ? 7 : 20) + random.nextInt(3) - 1;
        final int cy = 8 + random.nextInt(12);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                final boolean inside = Math.abs(x - cx) <= 4 && Math.abs(y - cy) <= 4;
                final int value = inside ? 200 + random.nextInt(55) : random.nextInt(40);
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return image;
    }

    public static List<LabeledExample> images(final int count, final long seed) {
        final Random random = new Random(seed);
        final ImageFeaturizer featurizer = new ImageFeaturizer(IMAGE_INPUT);
        final List<LabeledExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int label = i % 2;
            examples.add(new LabeledExample("i" + seed + "-" + i, label, featurizer.fromImage(image(label, random))));
        }
        return examples;
    }
}
