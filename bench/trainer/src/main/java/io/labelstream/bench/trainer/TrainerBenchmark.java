package io.labelstream.bench.trainer;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.data.DemoDatasets;
import io.labelstream.ml.data.FashionMnist;
import io.labelstream.ml.data.SpamAssassinCorpus;
import io.labelstream.ml.data.SplitAssigner;
import io.labelstream.ml.features.ImageFeaturizer;
import io.labelstream.ml.features.TextFeaturizer;
import io.labelstream.ml.training.EvaluationReport;
import io.labelstream.ml.training.HyperparameterSearch;
import io.labelstream.ml.training.LabeledExample;
import io.labelstream.ml.training.ProgressListener;
import io.labelstream.ml.training.TrainedModel;
import io.labelstream.ml.training.TrainingRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Trains both demo models on their full data with the trainer's own code (defaults, one search trial, early
 * stopping on validation) and prints test accuracy, training time, samples/s and peak memory, plus learning curves.
 * The ratio printed is test accuracy against the goal (Fashion-MNIST 0.92, SpamAssassin 0.98) and against the
 * majority-class baseline on the same test split.
 *
 * <p>Splits: Fashion-MNIST keeps its official 10,000-image test set, and 10% of its training set (by hash of the
 * image id) is validation. SpamAssassin is split 80/10/10 by hash of the file name, as the trainer splits by item id.
 * Learning curves train on the first n training examples in hash order (a fixed random subset) and test on the same
 * test set.
 */
public final class TrainerBenchmark {

    private static final double FASHION_GOAL = 0.92;
    private static final double SPAM_GOAL = 0.98;
    private static int[] curve = {1_000, 2_000, 5_000, 10_000};
    private static long[] seeds = {42};
    private static final Duration NO_LIMIT = Duration.ofHours(12);

    private TrainerBenchmark() {
    }

    private record Data(List<String> labels, InputSpec input, Architecture architecture, List<LabeledExample> train,
            List<LabeledExample> validation, List<LabeledExample> test) {
    }

    /**
     * {@code --curve=1000,2000} picks the learning-curve sizes; {@code --max-epochs=N} caps every run's epochs below
     * the architecture's default (the cosine schedule follows the cap); {@code --seeds=42,43,44} trains every point
     * once per seed and then prints the median's row.
     */
    private static Integer maxEpochs;

    public static void main(final String[] args) throws IOException {
        final Set<String> tasks = new HashSet<>();
        for (final String arg : args.length == 0 ? new String[] {"fashion", "spam", "curve"} : args) {
            if (arg.startsWith("--curve=")) {
                curve = Arrays.stream(arg.substring("--curve=".length()).split(",")).mapToInt(Integer::parseInt)
                        .toArray();
            } else if (arg.startsWith("--seeds=")) {
                seeds = Arrays.stream(arg.substring("--seeds=".length()).split(",")).mapToLong(Long::parseLong)
                        .toArray();
            } else if (arg.startsWith("--max-epochs=")) {
                maxEpochs = Integer.parseInt(arg.substring("--max-epochs=".length()));
            } else {
                tasks.add(arg);
            }
        }
        System.out.println("| model | labels | seed | test accuracy | ratio to goal | ratio to majority | epochs (best) "
                + "| training s | samples/s | ECE raw → calibrated (T) | peak RSS MiB | peak heap MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        if (tasks.contains("spam") || tasks.contains("curve")) {
            final Data spam = spam();
            if (tasks.contains("curve")) {
                for (final int n : curve) {
                    if (n < spam.train().size()) {
                        runSeeds("SpamAssassin fasttext", spam, n, SPAM_GOAL);
                    }
                }
            }
            if (tasks.contains("spam")) {
                final EvaluationReport report =
                        runSeeds("SpamAssassin fasttext", spam, spam.train().size(), SPAM_GOAL);
                System.out.printf("spam precision %.4f, spam recall %.4f, ham precision %.4f, ham recall %.4f%n",
                        report.perClass().get(1).precision(), report.perClass().get(1).recall(),
                        report.perClass().get(0).precision(), report.perClass().get(0).recall());
            }
        }
        if (tasks.contains("fashion") || tasks.contains("curve")) {
            final Data fashion = fashion();
            if (tasks.contains("curve")) {
                for (final int n : curve) {
                    runSeeds("Fashion-MNIST alexnet-small", fashion, n, FASHION_GOAL);
                }
            }
            if (tasks.contains("fashion")) {
                runSeeds("Fashion-MNIST alexnet-small", fashion, fashion.train().size(), FASHION_GOAL);
            }
        }
    }

    /** One run per seed, then (with several seeds) the median accuracy with the spread and the median time. */
    private static EvaluationReport runSeeds(final String name, final Data data, final int labels,
            final double goal) {
        final List<EvaluationReport> reports = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();
        for (final long seed : seeds) {
            final long started = System.nanoTime();
            reports.add(run(name, data, labels, goal, seed));
            seconds.add((System.nanoTime() - started) / 1e9);
        }
        reports.sort(Comparator.comparingDouble(EvaluationReport::accuracy));
        final EvaluationReport median = reports.get(reports.size() / 2);
        if (seeds.length > 1) {
            seconds.sort(Comparator.naturalOrder());
            System.out.printf("| %s, median of %d seeds | %d | | **%.4f** (%.4f–%.4f) | %.3f | | | %.0f (%.0f–%.0f) "
                    + "| | | | |%n", name, seeds.length, Math.min(labels, data.train().size()), median.accuracy(),
                    reports.get(0).accuracy(), reports.get(reports.size() - 1).accuracy(), median.accuracy() / goal,
                    seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1));
        }
        return median;
    }

    private static EvaluationReport run(final String name, final Data data, final int labels, final double goal,
            final long seed) {
        final List<LabeledExample> train = data.train().subList(0, Math.min(labels, data.train().size()));
        final Hyperparameters defaults = Hyperparameters.defaults(data.architecture()).withSeed(seed);
        final Hyperparameters hyperparameters = maxEpochs == null ? defaults : defaults.withMaxEpochs(maxEpochs);
        final TrainingRequest request = new TrainingRequest(data.architecture(), data.input(), data.labels(),
                hyperparameters, train, data.validation(), NO_LIMIT, new EpochLog(name + " n=" + train.size()));
        final HyperparameterSearch.Result result = HyperparameterSearch.run(request, 1, NO_LIMIT);
        try (TrainedModel model = result.best()) {
            final EvaluationReport calibrated = model.evaluate(data.test());
            final EvaluationReport raw = model.evaluateAt(data.test(), 1.0);
            final double majority = majorityShare(data.test(), data.labels().size());
            System.out.printf("| %s | %d | %d | %.4f | %.3f | %.2f | %d (%d) | %.0f | %.0f | %.4f → %.4f (%.2f) | %d "
                    + "| %d |%n", name, train.size(), seed, calibrated.accuracy(), calibrated.accuracy() / goal,
                    calibrated.accuracy() / majority, model.history().size(), model.bestEpoch(),
                    model.trainingSeconds(), model.samplesPerSecond(), raw.ece(), calibrated.ece(),
                    model.temperature(), peakRssMiB(), peakHeapMiB());
            return calibrated;
        }
    }

    private static Data fashion() throws IOException {
        final Path directory = DemoDatasets.fashionMnist()
                .orElseThrow(() -> new IllegalStateException("Fashion-MNIST missing: run datasets/install"));
        final InputSpec input = InputSpec.image(FashionMnist.SIZE, FashionMnist.SIZE, 1);
        final ImageFeaturizer featurizer = new ImageFeaturizer(input);
        final List<LabeledExample> train = new ArrayList<>();
        final List<LabeledExample> validation = new ArrayList<>();
        for (final FashionMnist.Image image : FashionMnist.train(directory)) {
            final LabeledExample example =
                    new LabeledExample(image.id(), image.label(), featurizer.fromGrayBytes(image.pixels()));
            (SplitAssigner.bucket(image.id()) < 1_000 ? validation : train).add(example);
        }
        final List<LabeledExample> test = FashionMnist.test(directory).stream()
                .map(image -> new LabeledExample(image.id(), image.label(), featurizer.fromGrayBytes(image.pixels())))
                .toList();
        return new Data(FashionMnist.LABELS, input, Architecture.ALEXNET_SMALL, hashOrder(train), validation, test);
    }

    private static Data spam() throws IOException {
        final Path directory = DemoDatasets.spamAssassin()
                .orElseThrow(() -> new IllegalStateException("SpamAssassin missing: run datasets/install"));
        final InputSpec input = InputSpec.text();
        final TextFeaturizer featurizer = new TextFeaturizer(input);
        final SplitAssigner splits = new SplitAssigner(0.8, 0.1);
        final List<LabeledExample> train = new ArrayList<>();
        final List<LabeledExample> validation = new ArrayList<>();
        final List<LabeledExample> test = new ArrayList<>();
        for (final SpamAssassinCorpus.Mail mail : SpamAssassinCorpus.read(directory)) {
            final LabeledExample example = new LabeledExample(mail.id(), mail.label(), featurizer.fromText(mail.text()));
            switch (splits.assign(mail.id())) {
                case train -> train.add(example);
                case validation -> validation.add(example);
                case test -> test.add(example);
            }
        }
        return new Data(SpamAssassinCorpus.LABELS, input, Architecture.FASTTEXT, hashOrder(train), validation, test);
    }

    private static List<LabeledExample> hashOrder(final List<LabeledExample> examples) {
        return examples.stream()
                .sorted(Comparator.comparingInt((LabeledExample e) -> SplitAssigner.bucket("curve/" + e.itemId()))
                        .thenComparing(LabeledExample::itemId))
                .toList();
    }

    private static double majorityShare(final List<LabeledExample> examples, final int classes) {
        final int[] counts = new int[classes];
        examples.forEach(example -> counts[example.label()]++);
        int max = 0;
        for (final int count : counts) {
            max = Math.max(max, count);
        }
        return (double) max / examples.size();
    }

    /** Peak resident set of the whole process (JVM heap plus libtorch's native memory), from Linux. */
    private static long peakRssMiB() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    private record EpochLog(String name) implements ProgressListener {

        @Override
        public void onEpoch(final EpochResult result) {
            System.err.printf("%s epoch %d/%d: train loss %.4f, validation loss %.4f, accuracy %.4f, %.0f s%n",
                    name, result.epoch(), result.maxEpochs(), result.trainLoss(), result.validationLoss(),
                    result.validationAccuracy(), result.seconds());
        }
    }
}
