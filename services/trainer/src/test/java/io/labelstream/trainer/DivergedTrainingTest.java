package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A learning rate that must diverge: the run fails with the reason {@code diverged} in its record and on
 * {@code training.progress}, and no model is registered or promoted.
 */
@QuarkusTest
@TestProfile(DivergedTrainingTest.ExplodingLearningRate.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class DivergedTrainingTest extends OperatorApiTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    /** Two trials, both around a learning rate of 1e30: every one overflows within two batches. */
    public static final class ExplodingLearningRate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("labelstream.trainer.search.learning-rate", "1e30",
                    "labelstream.trainer.search.trials", "2");
        }
    }

    @Test
    void shouldFailADivergedRunWithItsReasonAndRegisterNothing() {
        fixtures.project("mail-x", 0, 0.0, false);
        fixtures.labeledItems("mail-x", "x", 100, Label.Source.human);
        await("100 labeled items of mail-x", LIMIT, () -> {
            final Response response = given().post("/api/v1/projects/mail-x/datasets");
            return response.statusCode() == 201 && response.jsonPath().getInt("items") == 100;
        });

        final String runId = given().post("/api/v1/projects/mail-x/runs")
                .then().statusCode(202).extract().jsonPath().getString("id");
        await("the end of run " + runId, LIMIT, () -> "failed".equals(
                given().get("/api/v1/runs/" + runId).jsonPath().getString("status")));

        final Map<String, Object> run = given().get("/api/v1/runs/" + runId).jsonPath().getMap("");
        assertThat(run.get("failureReason")).isEqualTo("diverged");
        assertThat((String) run.get("error")).startsWith("training diverged at epoch 1, batch ");
        assertThat(run.get("modelVersion")).isNull();
        given().get("/api/v1/projects/mail-x/models").then().statusCode(200).body("size()", is(0));
        given().get("/api/v1/projects/mail-x/champion").then().statusCode(404);
        await("the failed event of run " + runId, LIMIT, () -> fixtures.progress(runId).stream()
                .anyMatch(progress -> progress.status() == TrainingProgress.Status.failed));
        final List<TrainingProgress> failed = fixtures.progress(runId).stream()
                .filter(progress -> progress.status() == TrainingProgress.Status.failed).toList();
        assertThat(failed).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo(TrainingProgress.FailureReason.diverged);
            assertThat(event.message()).contains("training diverged at epoch 1, batch ");
        });
        assertThat(fixtures.modelEvents("mail-x")).isEmpty();
    }
}
