package io.labelstream.ml.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.ml.training.ProgressListener.EpochResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains one model: Adam with a cosine learning-rate schedule, DJL's {@link EasyTrain} for each batch, validation
 * after every epoch, early stopping on validation accuracy (ties broken by validation loss) with the best epoch's
 * parameters restored, and a softmax temperature fitted on validation. Seeds the engine and the sampler with the
 * run's seed so that a CPU run repeats exactly. A batch whose loss or gradients are not finite ends the run with a
 * {@link TrainingDivergedException} before the optimizer applies it.
 */
public final class ModelTraining {

    private ModelTraining() {
    }

    public static TrainedModel train(final TrainingRequest request) {
        if (request.train().isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        final Hyperparameters hyperparameters = request.hyperparameters();
        final Engine engine = OfflineEngine.pytorch();
        engine.setRandomSeed((int) hyperparameters.seed());
        final Block block = request.architecture()
                .newBlock(request.input(), request.labels().size(), hyperparameters);
        final Model model = Model.newInstance("training", engine.defaultDevice(), OfflineEngine.ENGINE);
        model.setBlock(block);
        try {
            return run(request, model);
        } catch (final RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static TrainedModel run(final TrainingRequest request, final Model model) {
        final Hyperparameters hp = request.hyperparameters();
        final ExampleDataset trainSet = ExampleDataset.builder()
                .setExamples(request.train())
                .optAugment(Boolean.TRUE.equals(hp.augment()), hp.seed())
                .optMinEpochSamples(hp.minEpochSamples())
                .setSampling(hp.batchSize(), true)
                .build();
        final int batches = Math.toIntExact((trainSet.size() + hp.batchSize() - 1) / hp.batchSize());
        final BatchLoss batchLoss = new BatchLoss();
        final Tracker learningRate = Tracker.cosine()
                .setBaseValue((float) hp.learningRate())
                .optFinalValue((float) hp.learningRate() / 100)
                .setMaxUpdates(Math.max(1, batches * hp.maxEpochs()))
                .build();
        final DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(learningRate)
                        .optWeightDecays((float) hp.weightDecay())
                        .build())
                .optDevices(new Device[] {model.getNDManager().getDevice()})
                .addTrainingListeners(batchLoss);
        final long started = System.nanoTime();
        final List<EpochResult> history = new ArrayList<>();
        byte[] bestParameters = null;
        EpochResult best = null;
        long samples = 0;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(request.architecture().inputShapes(request.input()));
            for (int epoch = 1; epoch <= hp.maxEpochs(); epoch++) {
                final long epochStarted = System.nanoTime();
                double lossSum = 0;
                int batch = 0;
                for (final Batch data : trainer.iterateDataset(trainSet)) {
                    batch++;
                    try (data) {
                        EasyTrain.trainBatch(trainer, data);
                        DivergenceCheck.afterBackward(model.getBlock(), epoch, batch, batchLoss.last);
                        trainer.step();
                        samples += data.getSize();
                    }
                    lossSum += batchLoss.last;
                    request.listener().onBatch(epoch, hp.maxEpochs(), batch, batches, batchLoss.last);
                }
                final float[][] logits = Logits.of(model, features(request.validation()), hp.batchSize());
                final int[] truth = truth(request.validation());
                final EvaluationReport validation = EvaluationReport.of(request.labels(), logits, truth, 1.0);
                final EpochResult result = new EpochResult(epoch, hp.maxEpochs(), lossSum / Math.max(1, batch),
                        validation.negativeLogLikelihood(), validation.accuracy(),
                        (System.nanoTime() - epochStarted) / 1e9);
                history.add(result);
                request.listener().onEpoch(result);
                if (best == null || better(result, best)) {
                    best = result;
                    bestParameters = parameters(model.getBlock());
                }
                final boolean patienceOver = epoch - best.epoch() >= hp.patience();
                final boolean outOfTime = request.timeLimit() != null
                        && System.nanoTime() - started >= request.timeLimit().toNanos();
                if (patienceOver || outOfTime) {
                    break;
                }
            }
        } catch (final IOException | TranslateException e) {
            throw new IllegalStateException("training failed: " + e.getMessage(), e);
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        restore(model, bestParameters);
        final float[][] validationLogits = Logits.of(model, features(request.validation()), hp.batchSize());
        final int[] validationTruth = truth(request.validation());
        final double temperature = Calibration.fitTemperature(validationLogits, validationTruth);
        final EvaluationReport validation =
                EvaluationReport.of(request.labels(), validationLogits, validationTruth, temperature);
        return new TrainedModel(model, request, history, best.epoch(), temperature, validation, seconds,
                samples / Math.max(seconds, 1e-9));
    }

    /** Higher validation accuracy wins; at equal accuracy the lower validation loss does. */
    private static boolean better(final EpochResult candidate, final EpochResult best) {
        if (candidate.validationAccuracy() != best.validationAccuracy()) {
            return candidate.validationAccuracy() > best.validationAccuracy();
        }
        return candidate.validationLoss() < best.validationLoss();
    }

    static List<io.labelstream.ml.features.Features> features(final List<LabeledExample> examples) {
        return examples.stream().map(LabeledExample::features).toList();
    }

    static int[] truth(final List<LabeledExample> examples) {
        return examples.stream().mapToInt(LabeledExample::label).toArray();
    }

    private static byte[] parameters(final Block block) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static void restore(final Model model, final byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (final IOException | MalformedModelException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mean loss of the batch just trained, read from the predictions EasyTrain already computed. */
    private static final class BatchLoss extends TrainingListenerAdapter {

        private double last;

        @Override
        public void onTrainingBatch(final Trainer trainer, final BatchData batchData) {
            double sum = 0;
            for (final Map.Entry<Device, NDList> entry : batchData.getPredictions().entrySet()) {
                final NDArray loss = trainer.getLoss().evaluate(batchData.getLabels().get(entry.getKey()),
                        entry.getValue());
                sum += loss.getFloat();
                loss.close();
            }
            last = sum / Math.max(1, batchData.getPredictions().size());
        }
    }
}
