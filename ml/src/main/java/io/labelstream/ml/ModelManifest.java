package io.labelstream.ml;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of a model artifact: everything needed to rebuild the block, featurize input exactly as
 * in training and publish calibrated probabilities.
 *
 * @param temperature the softmax temperature fitted on the validation split; probabilities are
 *     {@code softmax(logits / temperature)}
 * @param metrics test-split metrics of this model, flat (see {@code EvaluationReport#flatten})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        int formatVersion,
        String project,
        String modelVersion,
        Architecture architecture,
        List<String> labels,
        InputSpec input,
        Hyperparameters hyperparameters,
        double temperature,
        Map<String, Double> metrics,
        String datasetVersion,
        String codeVersion,
        Instant createdAt) {

    public static final int FORMAT_VERSION = 1;
}
