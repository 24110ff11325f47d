package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every newly registered model gets a verdict on {@code models}: a model that does not replace the champion is
 * published as {@code not_promoted} with the reason and both scores on the same test split, and stays a candidate.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class PromotionCheckTest extends OperatorApiTest {

    @Test
    void shouldPublishWhyAModelBelowTheChampionWasNotPromoted() {
        fixtures.project("verdict-a", 0, 0.0, false);
        fixtures.labeledItems("verdict-a", "va", 160, Label.Source.human);
        awaitDatasetOf("verdict-a", 160);
        assertThat(awaitRunEnd(requestRun("verdict-a")).get("status")).isEqualTo("succeeded");
        given().get("/api/v1/projects/verdict-a/champion").then().statusCode(200).body("id", is("verdict-a-v1"));

        // the test split keeps only the well-labeled items, on which the new model must do worse
        fixtures.mislabeledTrainingItems("verdict-a", "va-wrong", 480);
        awaitDatasetOf("verdict-a", 640);
        final Map<String, Object> second = awaitRunEnd(requestRun("verdict-a"));
        assertThat(second.get("status")).isEqualTo("succeeded");

        final ModelEvent verdict = awaitVerdictOf("verdict-a", "verdict-a-v2");
        assertThat(verdict.type()).isEqualTo(ModelEvent.Type.not_promoted);
        final ModelEvent.PromotionCheck check = verdict.promotionCheck();
        assertThat(check.outcome()).isEqualTo(ModelEvent.Outcome.below_champion);
        assertThat(check.metric()).isEqualTo("accuracy");
        assertThat(check.champion()).isEqualTo("verdict-a-v1");
        assertThat(check.margin()).isEqualTo(0.0);
        assertThat(check.score()).isEqualTo(verdict.metrics().get("accuracy")).isLessThan(check.championScore());
        assertThat(verdict.datasetVersion()).isEqualTo(second.get("datasetVersion"));
        assertThat(verdict.reason()).isEqualTo(String.format(Locale.ROOT,
                "below champion verdict-a-v1: test accuracy %.4f vs %.4f on the same test split of %s (%+.4f, "
                        + "margin 0.0000)", check.score(), check.championScore(), second.get("datasetVersion"),
                check.score() - check.championScore()));

        given().get("/api/v1/projects/verdict-a/champion").then().statusCode(200).body("id", is("verdict-a-v1"));
        given().get("/api/v1/projects/verdict-a/models/verdict-a-v2").then().statusCode(200)
                .body("status", is("candidate"))
                .body("promotionCheck.outcome", is("below_champion"))
                .body("promotionReason", is(verdict.reason()));
        final String runId = (String) second.get("id");
        await("the succeeded event of run " + runId, RUN_LIMIT, () -> fixtures.progress(runId).stream()
                .anyMatch(progress -> progress.status() == TrainingProgress.Status.succeeded));
        assertThat(fixtures.progress(runId)).filteredOn(
                progress -> progress.status() == TrainingProgress.Status.succeeded).singleElement()
                .extracting(TrainingProgress::message)
                .isEqualTo("registered verdict-a-v2, not promoted: " + verdict.reason());
    }

    @Test
    void shouldPublishThatAModelWasNotPromotedWhenTheChampionCannotBeEvaluated() throws Exception {
        fixtures.project("verdict-b", 0, 0.0, false);
        fixtures.labeledItems("verdict-b", "vb", 100, Label.Source.human);
        awaitDatasetOf("verdict-b", 100);
        assertThat(awaitRunEnd(requestRun("verdict-b")).get("status")).isEqualTo("succeeded");
        final String artifactUri = given().get("/api/v1/projects/verdict-b/models/verdict-b-v1")
                .jsonPath().getString("artifactUri");
        Files.writeString(Path.of(URI.create(artifactUri)), "no longer the champion's artifact");

        fixtures.labeledItems("verdict-b", "vb-more", 20, Label.Source.human);
        awaitDatasetOf("verdict-b", 120);
        assertThat(awaitRunEnd(requestRun("verdict-b")).get("status")).isEqualTo("succeeded");

        final ModelEvent verdict = awaitVerdictOf("verdict-b", "verdict-b-v2");
        assertThat(verdict.type()).isEqualTo(ModelEvent.Type.not_promoted);
        assertThat(verdict.promotionCheck().outcome()).isEqualTo(ModelEvent.Outcome.failed);
        assertThat(verdict.promotionCheck().championScore()).isNull();
        assertThat(verdict.reason()).startsWith("champion verdict-b-v1 could not be evaluated on the test split of ")
                .contains("corrupt");
        given().get("/api/v1/projects/verdict-b/champion").then().statusCode(200).body("id", is("verdict-b-v1"));
    }

    /** The promoted or not_promoted event that follows the version's registration. */
    private static ModelEvent awaitVerdictOf(final String project, final String version) {
        await("the promotion verdict on " + version, RUN_LIMIT,
                () -> verdicts(project, version).size() == 1);
        return verdicts(project, version).get(0);
    }

    private static List<ModelEvent> verdicts(final String project, final String version) {
        return fixtures.modelEvents(project).stream()
                .filter(event -> version.equals(event.modelVersion()))
                .filter(event -> event.type() == ModelEvent.Type.promoted
                        || event.type() == ModelEvent.Type.not_promoted)
                .toList();
    }
}
