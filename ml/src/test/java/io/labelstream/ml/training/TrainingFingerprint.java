package io.labelstream.ml.training;

import io.labelstream.ml.Architecture;
import io.labelstream.ml.Hyperparameters;
import io.labelstream.ml.SyntheticData;
import java.util.List;

/**
 * What a seeded run learned, to compare runs bit for bit: every batch's loss and the parameters' digest. Its main
 * method prints one, so that a run in another JVM can be compared with runs in this one.
 */
record TrainingFingerprint(List<Double> batchLosses, String parametersSha256) {

    static TrainingFingerprint of(final Architecture architecture) {
        final BatchRecorder recorder = new BatchRecorder();
        try (TrainedModel model = ModelTraining.train(request(architecture, recorder))) {
            return new TrainingFingerprint(recorder.losses(), model.parametersSha256());
        }
    }

    /**
     * Two epochs of the architecture's default recipe (augmentation and dropout included) on 384 synthetic examples,
     * repeated to 512 draws an epoch: 16 batches of 32.
     */
    static TrainingRequest request(final Architecture architecture, final ProgressListener listener) {
        final Hyperparameters hyperparameters = Hyperparameters.defaults(architecture).withMaxEpochs(2)
                .withBatchSize(32).withMinEpochSamples(512);
        return switch (architecture) {
            case ALEXNET_SMALL -> new TrainingRequest(architecture, SyntheticData.IMAGE_INPUT,
                    SyntheticData.IMAGE_LABELS, hyperparameters, SyntheticData.images(384, 1),
                    SyntheticData.images(64, 2), null, listener);
            case FASTTEXT -> new TrainingRequest(architecture, SyntheticData.TEXT_INPUT, SyntheticData.TEXT_LABELS,
                    hyperparameters, SyntheticData.texts(384, 1), SyntheticData.texts(64, 2), null, listener);
        };
    }

    String serialized() {
        final StringBuilder text = new StringBuilder(parametersSha256);
        for (final double loss : batchLosses) {
            text.append(' ').append(Double.doubleToRawLongBits(loss));
        }
        return text.toString();
    }

    public static void main(final String[] args) {
        System.out.println("fingerprint " + of(Architecture.fromId(args[0])).serialized());
    }
}
