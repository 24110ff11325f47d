package io.labelstream.labeling.service;

import static io.labelstream.labeling.TopicsAndTables.sendTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.StubInference;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Work queued while a project had no model is routed again once inference has a champion: exactly once, and only
 * tasks that nobody holds or answered.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
@WithTestResource(StubInference.class)
class BacklogReroutingTest {

    private static final List<String> ITEMS = List.of("answered", "held", "sure-1", "sure-2", "unsure", "qa",
            "unreadable");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BacklogRerouting rerouting;

    @Inject
    TrainingBoard board;

    @Test
    void shouldRouteTheUntouchedColdStartBacklogOnceTheProjectHasAChampion() {
        final String project = "reroute-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 2, 2, 0.9, 0));
        try (KafkaProducer<String, String> producer = TopicsAndTables.producer()) {
            // the two with the highest priority are the first a labeler gets
            ITEMS.forEach(item -> sendTask(producer, coldStart(project, item,
                    item.equals("answered") ? 0.9 : item.equals("held") ? 0.8 : 0.5)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.task WHERE project_id = ?", project) == ITEMS.size());
        final String labeler = Api.session(Api.newLabeler("reroute"));
        final String first = lease(labeler, project);
        Api.bearer(labeler).body(Map.of("submissionId", "s-1", "label", "ham"))
                .post("/api/v1/assignments/" + first + "/answer").then().statusCode(200);
        lease(labeler, project);
        assertThat(row(project, "held").reason()).as("no champion yet: the backlog stays as it is")
                .isEqualTo("cold_start");

        StubInference.promote(project);

        await().atMost(Duration.ofSeconds(60)).until(() -> !row(project, "unreadable").reason().equals("cold_start"));
        assertThat(row(project, "sure-1")).isEqualTo(new Row("cold_start", "auto_labeled", 0, true));
        assertThat(row(project, "sure-2")).isEqualTo(new Row("cold_start", "auto_labeled", 0, true));
        assertThat(row(project, "unsure")).isEqualTo(new Row("uncertain", "open", 0, true));
        assertThat(priority(project, "unsure")).isEqualTo(StubInference.UNCERTAIN_PRIORITY);
        assertThat(row(project, "qa")).isEqualTo(new Row("qa_sample", "open", 1, true));
        assertThat(row(project, "unreadable")).as("a model that cannot read it: humans first")
                .isEqualTo(new Row("uncertain", "open", 0, false));
        assertThat(priority(project, "unreadable")).isEqualTo(1.0);
        assertThat(row(project, "answered")).as("answered once: keeps its route and its answer")
                .isEqualTo(new Row("cold_start", "open", 0, false));
        assertThat(row(project, "held")).as("held by a labeler: keeps its route")
                .isEqualTo(new Row("cold_start", "open", 0, false));

        assertThat(rerouting.rerouteBatch(project).rerouted()).as("nothing is routed twice").isZero();
        assertThat(List.of("sure-1", "sure-2", "unsure", "qa")).allSatisfy(item ->
                assertThat(StubInference.timesRouted(item)).as(item).isEqualTo(1));
        assertThat(TopicsAndTables.labelsOf(dataSource, project))
                .as("the auto-labels of the confident items, each once")
                .extracting(Label::itemId, Label::source)
                .containsExactlyInAnyOrder(tuple("sure-1", Label.Source.model),
                        tuple("sure-2", Label.Source.model),
                        tuple("qa", Label.Source.model));
        assertThat(predictionsOf(project)).as("every routed item's prediction, once, for live accuracy")
                .extracting(Prediction::itemId)
                .containsExactlyInAnyOrder("sure-1", "sure-2", "unsure", "qa");
    }

    @Test
    void shouldRouteTheItemsAnOlderModelWasUnsureOfAgainOnceAMuchBetterChampionAnswers() {
        final String project = "reroute-better-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 2, 2, 0.9, 0));
        try (KafkaProducer<String, String> producer = TopicsAndTables.producer()) {
            for (final String item : List.of("sure-old", "unsure-old")) {
                sendTask(producer, uncertain(project, item, "v1"));
            }
            for (final ModelEvent event : List.of(registered(project, "v1"), promoted(project, "v1", null),
                    registered(project, "v2"), promoted(project, "v2", new ModelEvent.PromotionCheck(
                            ModelEvent.Outcome.beats_champion, "accuracy", 0.90, "v1", 0.85, 0.005)))) {
                producer.send(new ProducerRecord<>(Topics.MODELS, project, json(event)));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "v2".equals(board.of(project).champion())
                && TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.task WHERE project_id = ?",
                project) == 2);
        StubInference.promote(project, "v1");

        assertThat(rerouting.rerouteBatch(project, "v2", BacklogRerouting.supersededVersions(board.of(project),
                0.02)).rerouted()).as("inference still answers with v1: nothing changes yet").isZero();
        assertThat(StubInference.timesRouted("unsure-old")).isPositive();
        assertThat(predictedBy(project, "unsure-old")).isEqualTo("v1");

        StubInference.promote(project, "v2");

        await().atMost(Duration.ofSeconds(60)).until(() -> "v2".equals(predictedBy(project, "unsure-old")));
        assertThat(row(project, "sure-old")).isEqualTo(new Row("uncertain", "auto_labeled", 0, true));
        assertThat(row(project, "unsure-old")).isEqualTo(new Row("uncertain", "open", 0, true));
        assertThat(rerouting.rerouteBatch(project, "v2", BacklogRerouting.supersededVersions(board.of(project),
                0.02)).rerouted()).as("routed by v2 already").isZero();
    }

    @Test
    void shouldNotRouteAgainForAChampionThatIsOnlyALittleBetter() {
        final TrainingBoard models = new TrainingBoard();
        models.apply(registered("small-gain", "v1"));
        models.apply(promoted("small-gain", "v1", null));
        models.apply(registered("small-gain", "v2"));
        models.apply(promoted("small-gain", "v2", new ModelEvent.PromotionCheck(ModelEvent.Outcome.beats_champion,
                "accuracy", 0.86, "v1", 0.85, 0.005)));
        assertThat(BacklogRerouting.supersededVersions(models.of("small-gain"), 0.02)).isEmpty();
        assertThat(BacklogRerouting.supersededVersions(models.of("small-gain"), 0.005)).containsExactly("v1");
    }

    private static ModelEvent registered(final String project, final String version) {
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.registered, project, version, "fasttext",
                List.of("ham", "spam"), "ds-1", null, null, 1.0, Map.of("accuracy", 0.9), null, null, Instant.now());
    }

    private static ModelEvent promoted(final String project, final String version,
            final ModelEvent.PromotionCheck check) {
        return new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.promoted, project, version, "fasttext",
                List.of("ham", "spam"), "ds-1", null, null, 1.0, Map.of("accuracy", 0.9), "promoted", check,
                Instant.now());
    }

    private static LabelingTask uncertain(final String project, final String item, final String modelVersion) {
        final Prediction prediction = new Prediction(Prediction.VERSION, item, project, modelVersion, "spam",
                List.of(), List.of(), null, 1.0, null, Instant.now(), Prediction.Route.human, false);
        return new LabelingTask(LabelingTask.VERSION, project + ":" + item, item, project, ItemKind.text,
                LabelingTask.Reason.uncertain, 0.5, item + " mail text", null, prediction, null, Instant.now());
    }

    private static String json(final Object event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a task's route is: its reason, status, lane and whether it carries a prediction. */
    private record Row(String reason, String status, int lane, boolean predicted) {
    }

    private Row row(final String project, final String item) {
        return task(project, item, row -> new Row(row.getString("reason"), row.getString("status"),
                row.getInt("lane"), row.getString("prediction") != null));
    }

    private double priority(final String project, final String item) {
        return task(project, item, row -> row.getDouble("priority"));
    }

    private String predictedBy(final String project, final String item) {
        return task(project, item, row -> row.getString("model_version"));
    }

    /** Reads one column, or several, of the item's task row. */
    private <T> T task(final String project, final String item, final Column<T> read) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT *, CAST(prediction AS jsonb) ->> 'modelVersion' AS model_version FROM labeling.task"
                        + " WHERE project_id = ? AND item_id = ?")) {
            select.setString(1, project);
            select.setString(2, item);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return read.of(row);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Column<T> {
        T of(ResultSet row) throws SQLException;
    }

    private List<Prediction> predictionsOf(final String project) {
        TopicsAndTables.awaitOutboxDrained(dataSource);
        return TopicsAndTables.committedValues(Topics.PREDICTIONS).stream().map(value -> {
            try {
                return Json.MAPPER.readValue(value, Prediction.class);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }).filter(prediction -> project.equals(prediction.project())).toList();
    }

    private static String lease(final String labelerSession, final String project) {
        return Api.bearer(labelerSession).post("/api/v1/assignments?project=" + project).then().statusCode(200)
                .extract().path("assignmentId");
    }

    private static LabelingTask coldStart(final String project, final String item, final double priority) {
        return new LabelingTask(LabelingTask.VERSION, project + ":" + item, item, project, ItemKind.text,
                LabelingTask.Reason.cold_start, priority, item + " mail text", null, null, null, Instant.now());
    }
}
