package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.schemas.events.TrainingProgress.Status;
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
 * and retrain requests that came during a run get one follow-up run. Each answer to a trigger is published on
 * {@code training.progress}, once.
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
        await("the watermark coalesced into the held run", LIMIT, () -> fixtures.decisions("watermark-b").stream()
                .anyMatch(decision -> decision.status() == Status.coalesced));

        finish(held);

        await("a run for the labels that came during the other run", LIMIT,
                () -> runs("watermark-b").stream().anyMatch(run -> !held.equals(run.get("id"))));
        final Map<String, Object> run = runs("watermark-b").get(0);
        assertThat(run.get("trigger")).isEqualTo("labels");
        await("the queued run's event", LIMIT, () -> fixtures.decisions("watermark-b").stream()
                .anyMatch(decision -> decision.status() == Status.queued));
        assertThat(fixtures.decisions("watermark-b"))
                .as("the watermark, checked on every label and every second, coalesced once into the held run's end")
                .extracting(TrainingProgress::status, TrainingProgress::trigger, TrainingProgress::runId)
                .containsExactly(tuple(Status.coalesced, "labels", held), tuple(Status.queued, "labels", run.get("id")));
    }

    @Test
    void shouldCountTheLabelsOfARunThatWasInterruptedAsNewAgain() {
        fixtures.project("watermark-f", 20, 0.0, false);
        fixtures.flush();
        awaitProject("watermark-f");
        final String held = foreignRun("watermark-f");
        fixtures.labeledItems("watermark-f", "wf", 20, Label.Source.human);
        await("20 stored labels of watermark-f", LIMIT, () -> storedLabels("watermark-f") == 20);

        // the run had snapshotted these labels when its trainer stopped: it trained on none of them
        QuarkusTransaction.requiringNew().run(() -> {
            final TrainingRun run = TrainingRun.findById(held);
            run.status = TrainingRun.FAILED;
            run.failureReason = TrainingProgress.FailureReason.interrupted;
            run.createdAt = Instant.now();
            run.finishedAt = Instant.now();
        });

        await("a run for the labels the interrupted run did not train on", LIMIT,
                () -> runs("watermark-f").stream().anyMatch(run -> !held.equals(run.get("id"))));
        assertThat(runs("watermark-f").get(0).get("trigger")).isEqualTo("labels");
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
        await("the follow-up run's event", LIMIT, () -> fixtures.decisions("retrain-c").size() == 3);
        assertThat(fixtures.decisions("retrain-c"))
                .extracting(TrainingProgress::status, TrainingProgress::trigger, TrainingProgress::runId)
                .containsExactly(tuple(Status.coalesced, "retrain-request", held),
                        tuple(Status.coalesced, "retrain-request", held),
                        tuple(Status.queued, "retrain-request", runs.get(0).get("id")));
        assertThat(QuarkusTransaction.requiringNew().call(
                () -> TrainerProject.<TrainerProject>findById("retrain-c").retrainPendingSince)).isNull();
    }

    @Test
    void shouldSkipARetrainRequestThatALaterRunAlreadyAnswered() throws Exception {
        fixtures.project("retrain-d", 0, 0.0, false);
        fixtures.flush();
        awaitProject("retrain-d");
        final Instant requested = Instant.now();
        final String answering = foreignRun("retrain-d");
        finish(answering);

        final long offset = fixtures.retrainRequest("retrain-d", requested);
        TrainerFixtures.awaitModelsConsumedPast(config.consumerGroup(), offset);

        await("the skipped request's event", LIMIT, () -> !fixtures.decisions("retrain-d").isEmpty());
        final TrainingProgress skipped = fixtures.decisions("retrain-d").get(0);
        assertThat(skipped.status()).isEqualTo(Status.skipped);
        assertThat(skipped.trigger()).isEqualTo("retrain-request");
        assertThat(skipped.runId()).isEqualTo(answering);
        assertThat(skipped.message()).contains("already answered by run " + answering);
        assertThat(runs("retrain-d")).hasSize(1);
    }

    @Test
    void shouldSkipOnceWithItsReasonWhenTheLabelsCannotTrainAModel() throws Exception {
        fixtures.project("watermark-e", 5, 0.0, false);
        fixtures.flush();
        awaitProject("watermark-e");
        for (int i = 0; i < 8; i++) {
            fixtures.item("watermark-e", "we-" + i, "the same class every time " + i);
            fixtures.label("watermark-e", "we-" + i, "ham", Label.Source.human);
        }
        fixtures.flush();

        await("the skipped watermark's event", LIMIT, () -> !fixtures.decisions("watermark-e").isEmpty());
        fixtures.item("watermark-e", "we-8", "the same class every time 8");
        fixtures.label("watermark-e", "we-8", "ham", Label.Source.human);
        fixtures.flush();
        // the trainer handles a poll's labels before its retrain requests, so once the request is consumed the
        // last label has been checked against the watermark too
        TrainerFixtures.awaitModelsConsumedPast(config.consumerGroup(),
                fixtures.retrainRequest("watermark-e", Instant.now()));

        assertThat(fixtures.decisions("watermark-e"))
                .as("one event for a state that the timer and every label find again")
                .extracting(TrainingProgress::status, TrainingProgress::trigger, TrainingProgress::runId)
                .containsExactly(tuple(Status.skipped, "labels", null),
                        tuple(Status.skipped, "retrain-request", null));
        assertThat(fixtures.decisions("watermark-e").get(0).message()).contains("labels of one class only");
        assertThat(runs("watermark-e")).isEmpty();
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
