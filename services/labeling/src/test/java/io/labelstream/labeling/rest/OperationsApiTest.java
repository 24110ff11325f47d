package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.labelstream.labeling.Api;
import io.labelstream.labeling.StubInference;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.labeling.TrainingHistory;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
@WithTestResource(StubInference.class)
class OperationsApiTest {

    @Test
    void shouldShowTheQueueTheLabelsTrainingAndModelsOfAProject() {
        final String project = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        admin().body(Map.of("itemId", "a", "text", "first")).post("/api/v1/projects/" + project + "/tasks");
        admin().body(Map.of("itemId", "b", "text", "second")).post("/api/v1/projects/" + project + "/tasks");
        final String labeler = Api.session(Api.newLabeler("ops"));
        final String assignment = Api.bearer(labeler).post("/api/v1/assignments?project=" + project).then()
                .statusCode(200).extract().path("assignmentId");
        Api.bearer(labeler).body(Map.of("submissionId", "s-1", "label", "spam"))
                .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(200);

        TrainingHistory.publish(project);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin()
                .get("/api/v1/operations/projects/" + project).then().statusCode(200)
                .body("training.decisions.size()", is(3)));
        admin().get("/api/v1/operations/projects/" + project).then().statusCode(200)
                .body("kind", is("text"))
                .body("labels", contains("ham", "spam"))
                .body("quality.tasksByStatus.final", is(1))
                .body("quality.tasksByStatus.open", is(1))
                .body("quality.finalLabels", is(1))
                .body("quality.labelers[0].agreementWithConsensus", is(1.0f))
                .body("quality.labelers[0].estimatedAccuracy", nullValue())
                .body("finalLabelsPerHour.labels", contains(1))
                .body("training.models.version", contains("v1", "v2", "v3"))
                .body("training.models[1].metrics.accuracy", is(0.88f))
                .body("training.models.promotion.promoted", contains(true, true, false))
                .body("training.models[2].promotion.check.outcome", is("below_champion"))
                .body("training.models[2].promotion.check.score", is(0.862f))
                .body("training.models[2].promotion.check.championScore", is(0.871f))
                .body("training.models[2].promotion.check.champion", is("v2"))
                .body("training.champion", is("v2"))
                .body("training.lastChange", is("promoted: beats v1 by 0.07"))
                .body("training.lastRetrainReason", is("live accuracy 0.70"))
                .body("training.latestRun.runId", is(TrainingHistory.RUN))
                .body("training.latestRun.status", is("running"))
                .body("training.latestRun.epochs", is(4))
                .body("training.latestRun.batch", is(5))
                .body("training.latestRun.batches", is(10))
                .body("training.latestRun.etaSeconds", is(120.0f))
                .body("training.latestRun.message", is("epoch 2 done"))
                .body("training.latestRun.epochPoints.epoch", contains(1, 2))
                .body("training.latestRun.epochPoints.trial", contains(1, 1))
                .body("training.latestRun.epochPoints.validationAccuracy", contains(0.70f, 0.78f))
                .body("training.decisions.decision", contains("skipped", "coalesced", "queued"))
                .body("training.decisions.trigger", contains("schedule", "retrain-request", "admin"))
                .body("training.decisions[0].message", is("run " + TrainingHistory.RUN + " holds the project"));
    }

    @Test
    void shouldShowInferencesLiveAccuracyPerModelVersionOrWhyItIsMissing() {
        for (final String project : new String[] {StubInference.PROJECT, StubInference.FAILING_PROJECT}) {
            // the page test may have defined the project already in this same application
            admin().body(Api.textProject(project, 1, 1, 0.9, 0)).put("/api/v1/projects/" + project).then()
                    .statusCode(anyOf(is(200), is(201)));
        }

        admin().get("/api/v1/operations/projects/" + StubInference.PROJECT).then().statusCode(200)
                .body("liveAccuracy.models.modelVersion", contains("v1", "v2"))
                .body("liveAccuracy.models[1].liveAccuracy.value", is(0.7f))
                .body("liveAccuracy.models[1].uncertainItemAccuracy.labels", is(90))
                .body("liveAccuracy.models[1].retrainRequested", is(true))
                .body("liveAccuracy.unavailable", nullValue());
        admin().get("/api/v1/operations/projects/" + StubInference.FAILING_PROJECT).then().statusCode(200)
                .body("liveAccuracy.models", nullValue())
                .body("liveAccuracy.unavailable", is("inference answered 503"));
    }

    @Test
    void shouldShowAProjectWithoutTrainingAsEmpty() {
        final String project = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));

        admin().get("/api/v1/operations/projects/" + project).then().statusCode(200)
                .body("training.models.size()", is(0))
                .body("training.champion", nullValue())
                .body("training.latestRun", nullValue())
                .body("finalLabelsPerHour.size()", is(0))
                .body("liveAccuracy.models.size()", is(0));
    }

    @Test
    void shouldRefuseUnknownProjectsLabelersAndAnonymousCallersWithProblems() {
        admin().get("/api/v1/operations/projects/no-such-project").then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        Api.bearer(Api.session(Api.newLabeler("ops"))).get("/api/v1/operations/projects/no-such-project").then()
                .statusCode(403).contentType(containsString("application/problem+json"));
        given().get("/api/v1/operations/projects/no-such-project").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
    }
}
