package io.labelstream.ml.training;

import ai.djl.Model;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.artifact.ModelArtifacts;
import io.labelstream.ml.features.Features;
import io.labelstream.ml.training.ProgressListener.EpochResult;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The outcome of one run, holding the trained DJL model (close it) with the best epoch's parameters. */
public final class TrainedModel implements AutoCloseable {

    private final Model model;
    private final TrainingRequest request;
    private final List<EpochResult> history;
    private final int bestEpoch;
    private final double temperature;
    private final EvaluationReport validation;
    private final double trainingSeconds;
    private final double samplesPerSecond;

    TrainedModel(final Model model, final TrainingRequest request, final List<EpochResult> history,
            final int bestEpoch, final double temperature, final EvaluationReport validation,
            final double trainingSeconds, final double samplesPerSecond) {
        this.model = model;
        this.request = request;
        this.history = List.copyOf(history);
        this.bestEpoch = bestEpoch;
        this.temperature = temperature;
        this.validation = validation;
        this.trainingSeconds = trainingSeconds;
        this.samplesPerSecond = samplesPerSecond;
    }

    public TrainingRequest request() {
        return request;
    }

    public List<EpochResult> history() {
        return history;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double temperature() {
        return temperature;
    }

    /** Validation metrics at the fitted temperature. */
    public EvaluationReport validation() {
        return validation;
    }

    public double trainingSeconds() {
        return trainingSeconds;
    }

    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    /** Metrics on held-out examples (normally the test split) at the fitted temperature. */
    public EvaluationReport evaluate(final List<LabeledExample> examples) {
        return evaluateAt(examples, temperature);
    }

    /** Metrics at a given temperature; 1 shows how calibrated the raw softmax is. */
    public EvaluationReport evaluateAt(final List<LabeledExample> examples, final double atTemperature) {
        return EvaluationReport.of(request.labels(), Logits.of(model, ModelTraining.features(examples),
                request.hyperparameters().batchSize()), ModelTraining.truth(examples), atTemperature);
    }

    /** Calibrated probabilities ({@code softmax(logits / temperature)}) for each input, in label order. */
    public double[][] probabilities(final List<Features> features) {
        final float[][] logits = Logits.of(model, features, request.hyperparameters().batchSize());
        final double[][] probabilities = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = Calibration.softmax(logits[i], temperature);
        }
        return probabilities;
    }

    /** The artifact of this model: parameters plus a manifest carrying the given test metrics and lineage. */
    public byte[] toArtifact(final String project, final String modelVersion, final Map<String, Double> metrics,
            final String datasetVersion, final String codeVersion) {
        final ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, project, modelVersion,
                request.architecture(), request.labels(), request.input(), request.hyperparameters(), temperature,
                metrics, datasetVersion, codeVersion, Instant.now());
        return ModelArtifacts.write(model.getBlock(), manifest);
    }

    /** SHA-256 of the parameters in DJL's format, hex: equal for two runs that learned bit for bit the same. */
    public String parametersSha256() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.getBlock().saveParameters(out);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (final IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest the parameters", e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
