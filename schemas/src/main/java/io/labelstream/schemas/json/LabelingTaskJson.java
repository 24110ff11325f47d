package io.labelstream.schemas.json;

import io.labelstream.schemas.events.LabelingTask;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A labeling task written around its prediction's JSON, already written for {@code predictions}: every uncertain
 * item publishes both, and writing the prediction's probabilities and uncertainties a second time was a fifth of
 * the prediction loop's JSON time. The document is the one {@link JsonSerde} writes, with the prediction last.
 */
public final class LabelingTaskJson {

    private static final JsonSerde<LabelingTask> TASKS = JsonSerde.of(LabelingTask.class);
    private static final byte[] PREDICTION_FIELD = ",\"prediction\":".getBytes(StandardCharsets.US_ASCII);

    private LabelingTaskJson() {
    }

    /** {@code predictionJson} is the task's own prediction as {@link JsonSerde} wrote it. */
    public static byte[] write(final LabelingTask task, final byte[] predictionJson) {
        final byte[] rest = TASKS.serialize(null, task.withPrediction(null));
        final int closing = rest.length - 1;
        final byte[] json = Arrays.copyOf(rest, closing + PREDICTION_FIELD.length + predictionJson.length + 1);
        System.arraycopy(PREDICTION_FIELD, 0, json, closing, PREDICTION_FIELD.length);
        System.arraycopy(predictionJson, 0, json, closing + PREDICTION_FIELD.length, predictionJson.length);
        json[json.length - 1] = '}';
        return json;
    }
}
