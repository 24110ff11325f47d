package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.schemas.events.Label;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.labelstream.trainer.config.TrainerConfig;
import io.labelstream.trainer.domain.TrainerProject;
import io.labelstream.trainer.domain.TrainingRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What starts a run besides an operator: the new-labels watermark ({@code retrainEveryLabels}) counts only labels that
 * the next dataset takes, labels that came while no run could start get their run without waiting for another label,
 * and retrain requests that came during a run get one follow-up run.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class RetrainTriggersTest extends OperatorApiTest {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Inject
    TrainerConfig config;

    @Test
    void shouldCountOnlyHumanLabelsWhenTheProjectDoesNotTrainOnAutoLabels() {
        fixtures.project("watermark-a", 50, 0.0, false);
        fixtures.flush();
        awaitProject("watermark-a");
        fixtures.labeledItems("watermark-a", "wa-human", 40, Label.Source.human);
        fixtures.labeledItems("watermark-a", "wa-auto", 60, Label.Source.model);
        await("100 stored labels of watermark-a", LIMIT, () -> storedLabels("watermark-a") == 100);

        fixtures.labeledItems("watermark-a", "wa-more", 10, Label.Source.human);

        await("a labels-triggered run of watermark-a", LIMIT, () -> !runs("watermark-a").isEmpty());
        final List<Map<String, Object>> runs = runs("watermark-a");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("trigger")).isEqualTo("labels");
        assertThat(given().get("/api/v1/datasets/" + runs.get(0).get("datasetVersion")).jsonPath().getInt("items"))
                .as("the run starts once 50 human labels are in, and trains on them")
                .isEqualTo(50);
    }

    @Test
    void shouldStartARunForLabelsThatCameWhileAnotherRunHeldTheProject() {
        fixtures.project("watermark-b", 30, 0.0, false);
        fixtures.flush();
        awaitProject("watermark-b");
        final String held = foreignRun("watermark-b");
        fixtures.labeledItems("watermark-b", "wb", 30, Label.Source.human);
        await("30 stored labels of watermark-b", LIMIT, () -> storedLabels("watermark-b") == 30);

        finish(held);

        await("a run for the labels that came during the other run", LIMIT,
                () -> runs("watermark-b").stream().anyMatch(run -> !held.equals(run.get("id"))));
        final Map<String, Object> run = runs("watermark-b").get(0);
        assertThat(run.get("trigger")).isEqualTo("labels");
    }

    @Test
    void shouldAnswerRetrainRequestsThatCameDuringARunWithOneFollowUpRun() throws Exception {
        fixtures.project("retrain-c", 0, 0.0, false);
        fixtures.labeledItems("retrain-c", "rc", 60, Label.Source.human);
        await("60 stored labels of retrain-c", LIMIT, () -> storedLabels("retrain-c") == 60);
        final String held = foreignRun("retrain-c");
        final Instant requested = Instant.now();
        fixtures.retrainRequest("retrain-c", requested);
        final long last = fixtures.retrainRequest("retrain-c", requested.plusMillis(1));
        TrainerFixtures.awaitModelsConsumedPast(config.consumerGroup(), last);
        assertThat(runs("retrain-c")).hasSize(1);

        finish(held);

        await("the follow-up run of the requests", LIMIT, () -> runs("retrain-c").size() > 1);
        final List<Map<String, Object>> runs = runs("retrain-c");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("trigger")).isEqualTo("retrain-request");
        assertThat(QuarkusTransaction.requiringNew().call(
                () -> TrainerProject.<TrainerProject>findById("retrain-c").retrainPendingSince)).isNull();
    }

    private static void awaitProject(final String project) {
        await("project " + project, LIMIT,
                () -> given().post("/api/v1/projects/" + project + "/datasets").statusCode() == 422);
    }

    private static List<Map<String, Object>> runs(final String project) {
        return given().get("/api/v1/projects/" + project + "/runs").jsonPath().getList("");
    }

    private static long storedLabels(final String project) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) TrainingRun.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM label WHERE project = ?1")
                .setParameter(1, project)
                .getSingleResult()).longValue());
    }

    /** A run of another trainer that holds the project, as a long run would. */
    private static String foreignRun(final String project) {
        final String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            final TrainingRun run = new TrainingRun();
            run.id = id;
            run.project = project;
            run.status = TrainingRun.RUNNING;
            run.trigger = "admin";
            run.owner = "other-trainer";
            run.leaseUntil = Instant.now().plusSeconds(600);
            run.createdAt = Instant.now();
            run.startedAt = Instant.now();
            run.persist();
        });
        return id;
    }

    private static void finish(final String runId) {
        QuarkusTransaction.requiringNew().run(() -> {
            final TrainingRun run = TrainingRun.findById(runId);
            run.status = TrainingRun.SUCCEEDED;
            run.finishedAt = Instant.now();
        });
    }
}
