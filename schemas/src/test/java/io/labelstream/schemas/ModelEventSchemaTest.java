package io.labelstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The promotion check on {@code models}: a not_promoted event says why, and events from before it still read. */
class ModelEventSchemaTest {

    private static final JsonSerde<ModelEvent> SERDE = JsonSerde.of(ModelEvent.class);

    @Test
    void aNotPromotedEventCarriesItsReasonAndNumbersAndValidates() throws Exception {
        final ModelEvent event = new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.not_promoted, "spam", "spam-v3",
                "fasttext", List.of("ham", "spam"), "ds-0123456789abcdef", "file:models/ab.zip", "a".repeat(64), 1.1,
                Map.of("accuracy", 0.912), "test accuracy 0.9120 vs champion spam-v2 0.9180",
                new ModelEvent.PromotionCheck(ModelEvent.Outcome.below_champion, "accuracy", 0.912, "spam-v2", 0.918,
                        0.0),
                Instant.parse("2026-11-27T12:00:00Z"));

        final JsonNode written = Json.MAPPER.readTree(SERDE.serialize("models", event));

        assertThat(validate(written)).isEmpty();
        assertThat(written.get("type").asText()).isEqualTo("not_promoted");
        assertThat(written.at("/promotionCheck/outcome").asText()).isEqualTo("below_champion");
        assertThat(written.at("/promotionCheck/championScore").asDouble()).isEqualTo(0.918);
        assertThat(SERDE.deserialize("models", Json.MAPPER.writeValueAsBytes(written))).isEqualTo(event);
    }

    @Test
    void aNotPromotedEventWithoutItsPromotionCheckOrReasonIsInvalid() throws Exception {
        final ObjectNode event = (ObjectNode) Json.MAPPER.readTree("""
                {"schemaVersion": 1, "type": "not_promoted", "project": "spam", "modelVersion": "spam-v3",
                 "reason": "tie with spam-v2",
                 "promotionCheck": {"outcome": "tie", "metric": "accuracy", "score": 0.9, "champion": "spam-v2",
                   "championScore": 0.9, "margin": 0.0},
                 "occurredAt": "2026-11-27T12:00:00Z"}
                """);
        assertThat(validate(event)).isEmpty();

        assertThat(validate(event.deepCopy().without("promotionCheck"))).isNotEmpty();
        assertThat(validate(event.deepCopy().without("reason"))).isNotEmpty();
        final ObjectNode unknownOutcome = event.deepCopy();
        ((ObjectNode) unknownOutcome.get("promotionCheck")).put("outcome", "maybe");
        assertThat(validate(unknownOutcome)).isNotEmpty();
    }

    @Test
    void anEventWrittenBeforePromotionChecksStillValidatesAndReadsWithoutOne() throws Exception {
        final JsonNode published = Json.MAPPER.readTree("""
                {"schemaVersion": 1, "type": "promoted", "project": "spam", "modelVersion": "spam-v1",
                 "artifactSha256": "%s", "metrics": {"accuracy": 0.9}, "reason": "beats champion by 0.012",
                 "occurredAt": "2026-11-27T12:00:00Z"}
                """.formatted("b".repeat(64)));

        assertThat(validate(published)).isEmpty();
        final ModelEvent event = SERDE.deserialize("models", Json.MAPPER.writeValueAsBytes(published));
        assertThat(event.type()).isEqualTo(ModelEvent.Type.promoted);
        assertThat(event.promotionCheck()).isNull();
    }

    @Test
    void onlyTheOutcomesThatBeatOrReplaceTheChampionPromote() {
        assertThat(List.of(ModelEvent.Outcome.values())).filteredOn(ModelEvent.Outcome::promotes).containsExactly(
                ModelEvent.Outcome.first_model, ModelEvent.Outcome.label_set_changed,
                ModelEvent.Outcome.beats_champion);
    }

    private static List<String> validate(final JsonNode document) {
        return EventSchemas.validate(EventType.MODEL_EVENT, ModelEvent.VERSION, document);
    }
}
