package io.labelstream.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.streams.FeedbackTopology;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class FeedbackTest {

    @Inject
    KafkaStreams streams;

    @Test
    void shouldMeasureLiveAccuracyOnTheQaSampleApartFromUncertainItemsAndRequestARetrainOnce() throws Exception {
        final String project = "feedback-" + UUID.randomUUID();
        KafkaIo.send(Topics.MODELS, project, new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.registered, project,
                "v9", "fasttext", List.of("ham", "spam"), "ds-1", null, null, 1.0, Map.of("accuracy", 0.9), null,
                Instant.now()));
        // the model says spam every time; humans say spam for even items and ham for odd ones
        final List<KafkaIo.Keyed<Prediction>> predictions = new ArrayList<>();
        final List<KafkaIo.Keyed<Label>> labels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            final String item = project + "-" + i;
            predictions.add(new KafkaIo.Keyed<>(item, spamPrediction(project, item,
                    i < 40 ? Prediction.Route.qa_sample : Prediction.Route.human)));
            labels.add(new KafkaIo.Keyed<>(item, label(project, item, i % 2 == 0 ? "spam" : "ham",
                    Label.Source.human)));
        }
        labels.add(new KafkaIo.Keyed<>(project + "-1", label(project, project + "-1", "spam", Label.Source.model)));
        KafkaIo.sendAll(Topics.PREDICTIONS, predictions);
        // a label meets only a prediction already in the table: wait until the table holds all of them
        awaitPredictionsInTable(predictions.stream().map(KafkaIo.Keyed::key).toList());
        KafkaIo.sendAll(Topics.LABELS, labels);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            final JsonPath answer = given().queryParam("project", project).when().get("/api/v1/feedback")
                    .then().statusCode(200).extract().jsonPath();
            return answer.getList("").size() == 1 && answer.getInt("[0].humanLabels") == 60;
        });
        final JsonPath feedback = given().queryParam("project", project).when().get("/api/v1/feedback")
                .then().statusCode(200).extract().jsonPath();
        assertThat(feedback.getInt("[0].humanLabels")).isEqualTo(60);
        assertThat(feedback.getString("[0].modelVersion")).isEqualTo("v9");
        assertThat(feedback.getDouble("[0].testAccuracy")).isEqualTo(0.9);
        assertThat(feedback.getDouble("[0].confidence")).isEqualTo(0.95);
        assertThat(feedback.getInt("[0].liveAccuracy.labels")).isEqualTo(40);
        assertThat(feedback.getDouble("[0].liveAccuracy.value")).isEqualTo(0.5);
        assertThat(feedback.getDouble("[0].liveAccuracy.low")).isBetween(0.3, 0.5);
        assertThat(feedback.getDouble("[0].liveAccuracy.high")).isBetween(0.5, 0.7);
        assertThat(feedback.getDouble("[0].liveAccuracyByClass.spam.value")).isEqualTo(1.0);
        assertThat(feedback.getDouble("[0].liveAccuracyByClass.ham.value")).isEqualTo(0.0);
        assertThat(feedback.getInt("[0].uncertainItemAccuracy.labels")).isEqualTo(20);
        assertThat(feedback.getInt("[0].autoLabelPrecision.labels")).isEqualTo(40);
        assertThat(feedback.getDouble("[0].autoLabelPrecision.value")).isEqualTo(0.5);
        assertThat(feedback.getBoolean("[0].retrainRequested")).isTrue();

        final String metrics = given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(line -> line.contains(project)))
                .contains("labelstream_inference_feedback_accuracy{model_version=\"v9\",project=\"" + project
                        + "\",} 0.5");

        final List<ModelEvent> requests = KafkaIo.readCommitted(Topics.MODELS, ModelEvent.class,
                event -> event.project().equals(project) && event.type() == ModelEvent.Type.retrain_requested,
                found -> !found.isEmpty(), Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).modelVersion()).isEqualTo("v9");
        assertThat(requests.get(0).metrics()).containsEntry("live_accuracy", 0.5).containsEntry("test_accuracy", 0.9);
    }

    private void awaitPredictionsInTable(final List<String> items) {
        await("predictions reach the feedback table").atMost(Duration.ofSeconds(60))
                .until(() -> tableHolds(items));
    }


    private boolean tableHolds(final List<String> items) {
        try {
            final ReadOnlyKeyValueStore<String, Prediction> table = streams.store(StoreQueryParameters
                    .fromNameAndType(FeedbackTopology.PREDICTIONS_STORE, QueryableStoreTypes.keyValueStore()));
            return items.stream().allMatch(item -> table.get(item) != null);
        } catch (final InvalidStateStoreException notQueryableYet) {
            return false;
        }
    }

    private static Prediction spamPrediction(final String project, final String item, final Prediction.Route route) {
        final List<ScoredLabel> probabilities = List.of(new ScoredLabel("ham", 0.2), new ScoredLabel("spam", 0.8));
        return new Prediction(Prediction.VERSION, item, project, "v9", "spam", probabilities,
                List.of(probabilities.get(1), probabilities.get(0)), new Uncertainty(0.2, 0.4, 0.5), 1.0, null,
                Instant.now(), route, route == Prediction.Route.qa_sample);
    }

    private static Label label(final String project, final String item, final String value,
            final Label.Source source) {
        return new Label(Label.VERSION, item + "/" + source, item, project, value, source,
                source == Label.Source.human ? Label.Method.majority_vote : Label.Method.model, 1.0, null, null, null,
                null, Instant.now());
    }
}
