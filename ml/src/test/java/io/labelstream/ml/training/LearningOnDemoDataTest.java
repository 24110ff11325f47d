package io.labelstream.ml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.data.DemoDatasets;
import io.labelstream.ml.data.FashionMnist;
import io.labelstream.ml.data.SpamAssassinCorpus;
import io.labelstream.ml.data.SplitAssigner;
import io.labelstream.ml.features.ImageFeaturizer;
import io.labelstream.ml.features.TextFeaturizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bounded runs on subsets of the demo data sets (installed by {@code datasets/install}): enough to show that the
 * models learn, far from the full-data accuracy, which the trainer benchmark measures.
 */
class LearningOnDemoDataTest {

    @Test
    void shouldLearnFashionMnistFarAboveChanceFromThreeThousandImages() throws Exception {
        final Optional<Path> directory = DemoDatasets.fashionMnist();
        assumeTrue(directory.isPresent(), "Fashion-MNIST is not installed: run datasets/install");
        final InputSpec input = InputSpec.image(FashionMnist.SIZE, FashionMnist.SIZE, 1);
        final ImageFeaturizer featurizer = new ImageFeaturizer(input);
        final List<FashionMnist.Image> train = FashionMnist.train(directory.get());
        final List<FashionMnist.Image> test = FashionMnist.test(directory.get()).subList(0, 1000);
        final List<LabeledExample> trainExamples = images(train.subList(0, 3000), featurizer);
        final List<LabeledExample> validationExamples = images(train.subList(3000, 3500), featurizer);
        final Hyperparameters hyperparameters = Hyperparameters.defaults(Architecture.ALEXNET_SMALL)
                .withWidth(32).withMaxEpochs(3).withBatchSize(64).withAugment(false).withMinEpochSamples(null);
        final BatchLosses losses = new BatchLosses();

        try (TrainedModel model = ModelTraining.train(new TrainingRequest(Architecture.ALEXNET_SMALL, input,
                FashionMnist.LABELS, hyperparameters, trainExamples, validationExamples, null, losses))) {
            final EvaluationReport report = model.evaluate(images(test, featurizer));

            assertThat(losses.lastTenMean()).isLessThan(losses.firstTenMean() * 0.6);
            assertThat(report.accuracy()).isGreaterThan(0.70);
            assertThat(report.topKAccuracy()).isGreaterThan(report.accuracy());
            assertThat(model.temperature()).isPositive();
        }
    }

    @Test
    void shouldTellSpamFromHamFarAboveTheMajorityClassFromOneThousandMails() throws Exception {
        final Optional<Path> directory = DemoDatasets.spamAssassin();
        assumeTrue(directory.isPresent(), "SpamAssassin is not installed: run datasets/install");
        final InputSpec input = InputSpec.text(1 << 16, 1024);
        final TextFeaturizer featurizer = new TextFeaturizer(input);
        final SplitAssigner splits = new SplitAssigner(0.8, 0.1);
        final List<LabeledExample> train = new ArrayList<>();
        final List<LabeledExample> validation = new ArrayList<>();
        final List<LabeledExample> test = new ArrayList<>();
        final List<SpamAssassinCorpus.Mail> mails = SpamAssassinCorpus.read(directory.get());
        for (int i = 0; i < mails.size(); i += 5) {
            final SpamAssassinCorpus.Mail mail = mails.get(i);
            final LabeledExample example = new LabeledExample(mail.id(), mail.label(), featurizer.fromText(mail.text()));
            switch (splits.assign(mail.id())) {
                case train -> train.add(example);
                case validation -> validation.add(example);
                case test -> test.add(example);
            }
        }
        final double majority = Math.max(share(test, 0), share(test, 1));
        final BatchLosses losses = new BatchLosses();

        try (TrainedModel model = ModelTraining.train(new TrainingRequest(Architecture.FASTTEXT, input,
                SpamAssassinCorpus.LABELS, Hyperparameters.defaults(Architecture.FASTTEXT).withMaxEpochs(5), train,
                validation, null, losses))) {
            final EvaluationReport report = model.evaluate(test);

            assertThat(losses.lastTenMean()).isLessThan(losses.firstTenMean() * 0.6);
            assertThat(report.accuracy()).isGreaterThan(Math.max(0.9, majority + 0.1));
            assertThat(report.perClass().get(1).precision()).isGreaterThan(0.8);
            assertThat(report.perClass().get(1).recall()).isGreaterThan(0.8);
        }
    }

    private static List<LabeledExample> images(final List<FashionMnist.Image> images,
            final ImageFeaturizer featurizer) {
        return images.stream()
                .map(image -> new LabeledExample(image.id(), image.label(), featurizer.fromGrayBytes(image.pixels())))
                .toList();
    }

    private static double share(final List<LabeledExample> examples, final int label) {
        return examples.stream().filter(example -> example.label() == label).count() / (double) examples.size();
    }

    private static final class BatchLosses implements ProgressListener {

        private final List<Double> losses = new ArrayList<>();

        @Override
        public void onBatch(final int epoch, final int epochs, final int batch, final int batches, final double loss) {
            losses.add(loss);
        }

        @Override
        public void onEpoch(final EpochResult result) {
            System.out.printf("epoch %d: train loss %.4f, validation loss %.4f, accuracy %.4f, %.1f s%n",
                    result.epoch(), result.trainLoss(), result.validationLoss(), result.validationAccuracy(),
                    result.seconds());
        }

        double firstTenMean() {
            return losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }

        double lastTenMean() {
            return losses.subList(losses.size() - 10, losses.size()).stream()
                    .mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }
}
