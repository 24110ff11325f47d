package io.labelstream.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.EventSchemas;
import io.labelstream.schemas.EventType;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelingTaskJsonTest {

    private final JsonSerde<LabelingTask> tasks = JsonSerde.of(LabelingTask.class);
    private final JsonSerde<Prediction> predictions = JsonSerde.of(Prediction.class);

    @Test
    void shouldWriteTheSameTaskAsTheSerdeAroundThePredictionsOwnBytes() throws Exception {
        final List<ScoredLabel> probabilities = List.of(new ScoredLabel("ham", 0.6180339887498949),
                new ScoredLabel("spam \"quoted\" ünïcode", 0.3819660112501051));
        final RawRef lineage = new RawRef("items.raw", 2, 4711L, "mail", "m-1");
        final Prediction prediction = new Prediction(Prediction.VERSION, "item-7", "spam", "v3", "ham", probabilities,
                probabilities, new Uncertainty(0.381966, 0.236068, 0.6636), 12.5, lineage,
                Instant.parse("2026-11-28T10:00:00.123456Z"), Prediction.Route.human, null);
        final LabelingTask task = new LabelingTask(LabelingTask.VERSION, "spam:item-7", "item-7", "spam",
                ItemKind.text, LabelingTask.Reason.uncertain, 0.764, "Dear friend,\n\"win\" a prize", null,
                prediction, lineage, Instant.parse("2026-11-28T10:00:00.2Z"));

        final byte[] written = LabelingTaskJson.write(task, predictions.serialize("predictions", prediction));

        final JsonNode document = Json.MAPPER.readTree(written);
        assertThat(document).isEqualTo(Json.MAPPER.readTree(tasks.serialize("tasks.labeling", task)));
        assertThat(tasks.deserialize("tasks.labeling", written)).isEqualTo(task);
        assertThat(EventSchemas.validate(EventType.LABELING_TASK, LabelingTask.VERSION, document)).isEmpty();
    }
}
