package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.ml.data.SplitAssigner;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.labelstream.trainer.config.TrainerConfig;




import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The trainer end to end against a real broker and a real PostgreSQL: labels in, dataset versions, training runs,
 * registry, promotion and rollback out. Each test uses its own project; training is bounded (one trial, at most
 * four epochs on a few hundred short texts).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class TrainerLifecycleTest extends OperatorApiTest {

    @Inject
    TrainerConfig config;

    @Test
    void shouldTrainRegisterAndPromoteTheFirstModelOnAdminRequest() throws Exception {
        fixtures.project("mail-a", 0, 0.0, false);
        fixtures.labeledItems("mail-a", "a", 160, Label.Source.human);
        awaitDatasetOf("mail-a", 160);

        final String runId = requestRun("mail-a");
        final Map<String, Object> run = awaitRunEnd(runId);

        assertThat(run.get("status")).isEqualTo("succeeded");
        assertThat(run.get("modelVersion")).isEqualTo("mail-a-v1");
        final Response champion = given().get("/api/v1/projects/mail-a/champion");
        champion.then().statusCode(200).body("id", is("mail-a-v1")).body("status", is("champion"));
        assertThat(champion.jsonPath().getDouble("metrics.accuracy")).isGreaterThan(0.8);
        assertThat(champion.jsonPath().getList("evaluation.confusion")).hasSize(2);
        assertThat(champion.jsonPath().getDouble("temperature")).isPositive();
        assertThat(champion.jsonPath().getString("hyperparameters.seed")).isEqualTo("42");

        await("registered and promoted events", RUN_LIMIT, () -> fixtures.modelEvents("mail-a").size() >= 2);
        final List<ModelEvent> events = fixtures.modelEvents("mail-a");
        assertThat(events).extracting(ModelEvent::type)
                .containsExactly(ModelEvent.Type.registered, ModelEvent.Type.promoted);
        assertThat(events.get(1).artifactSha256()).isEqualTo(champion.jsonPath().getString("artifactSha256"));
        assertThat(events.get(1).promotionCheck().outcome()).isEqualTo(ModelEvent.Outcome.first_model);
        assertThat(events.get(1).reason()).isEqualTo("first model of the project");
        assertThat(fixtures.progress(runId)).extracting(TrainingProgress::status)
                .contains(TrainingProgress.Status.queued, TrainingProgress.Status.running,
                        TrainingProgress.Status.succeeded);
        assertThat(fixtures.progress(runId)).anySatisfy(progress -> assertThat(progress.epoch()).isNotNull());

        try (LoadedModel model = new DirectoryArtifactStore(config.modelStore()).load(events.get(1).artifactSha256());
                var predictor = model.newPredictor()) {
            final var spam = predictor.predict(new CleanItem(1, "probe", "mail-a", ItemKind.text,
                    "winner free money prize cash offer click", null, null, null, null, null, null, null, null,
                    null));
            assertThat(spam.best().getClassName()).isEqualTo("spam");
        }
    }

    @Test
    void shouldRunOnceAtATimeKeepTheChampionUnlessBeatenByTheMarginAndRollBackOnRequest() {
        fixtures.project("mail-b", 0, 0.5, false);
        fixtures.labeledItems("mail-b", "b", 120, Label.Source.human);
        awaitDatasetOf("mail-b", 120);
        final String firstRun = requestRun("mail-b");
        given().post("/api/v1/projects/mail-b/runs").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", is("https://labelstream.io/problems/run-in-progress"));
        assertThat(awaitRunEnd(firstRun).get("status")).isEqualTo("succeeded");
        assertThat(awaitRunEnd(requestRun("mail-b")).get("status")).isEqualTo("succeeded");
        await("the promotion verdict on mail-b-v2", RUN_LIMIT, () -> fixtures.modelEvents("mail-b").size() >= 4);

        given().get("/api/v1/projects/mail-b/champion").then().statusCode(200).body("id", is("mail-b-v1"));
        given().get("/api/v1/projects/mail-b/models/mail-b-v2").then().statusCode(200)
                .body("status", is("candidate"));

        given().contentType("application/json").body("{\"reason\":\"operator prefers v2\"}")
                .post("/api/v1/projects/mail-b/models/mail-b-v2/promote")
                .then().statusCode(200).body("status", is("champion"));
        given().get("/api/v1/projects/mail-b/models/mail-b-v1").then().body("status", is("retired"));

        given().contentType("application/json").body("{}").post("/api/v1/projects/mail-b/rollback")
                .then().statusCode(200).body("id", is("mail-b-v1")).body("status", is("champion"));
        given().get("/api/v1/projects/mail-b/models/mail-b-v2").then().body("status", is("rolled_back"));
        given().contentType("application/json").body("{}").post("/api/v1/projects/mail-b/rollback")
                .then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("type", is("https://labelstream.io/problems/no-previous-champion"));
        given().contentType("application/json").body("{}")
                .post("/api/v1/projects/mail-b/models/mail-b-v9/promote").then().statusCode(404);

        await("registry events", RUN_LIMIT, () -> fixtures.modelEvents("mail-b").size() >= 6);
        final List<ModelEvent> events = fixtures.modelEvents("mail-b");
        assertThat(events).extracting(ModelEvent::type).containsExactly(ModelEvent.Type.registered,
                ModelEvent.Type.promoted, ModelEvent.Type.registered, ModelEvent.Type.not_promoted,
                ModelEvent.Type.promoted, ModelEvent.Type.rolled_back);
        assertThat(events.get(3).modelVersion()).isEqualTo("mail-b-v2");
        assertThat(events.get(3).promotionCheck().outcome()).as("the same labels twice, with a margin of 0.5")
                .isIn(ModelEvent.Outcome.tie, ModelEvent.Outcome.below_champion, ModelEvent.Outcome.below_margin);
        assertThat(events.get(3).promotionCheck().margin()).isEqualTo(0.5);
        assertThat(events.get(4).reason()).isEqualTo("operator prefers v2");
        assertThat(events.get(4).promotionCheck()).as("an operator's promotion is no check").isNull();
        assertThat(events.get(5).modelVersion()).isEqualTo("mail-b-v1");
    }

    @Test
    void shouldRejectAnEmptyOrOneClassDatasetWithAProblemAndQueueNoRun() {
        given().post("/api/v1/projects/nowhere/runs").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));

        fixtures.project("mail-c", 0, 0.0, false);
        fixtures.flush();
        await("project mail-c", INGEST_LIMIT,
                () -> given().post("/api/v1/projects/mail-c/runs").statusCode() == 422);
        given().post("/api/v1/projects/mail-c/runs").then().statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", is("https://labelstream.io/problems/empty-dataset"));

        for (int i = 0; i < 30; i++) {
            fixtures.item("mail-c", "c-" + i, "free money " + i);
            fixtures.label("mail-c", "c-" + i, "spam", Label.Source.human);
        }
        fixtures.flush();
        await("one-class labels of mail-c", INGEST_LIMIT, () -> "https://labelstream.io/problems/one-class-dataset"
                .equals(given().post("/api/v1/projects/mail-c/runs").jsonPath().getString("type")));
        given().post("/api/v1/projects/mail-c/runs").then().statusCode(422)
                .body("detail", startsWith("project mail-c has labels of one class only (spam)"));
        given().get("/api/v1/projects/mail-c/runs").then().statusCode(200).body("size()", is(0));
    }

    @Test
    void shouldMarkACrashedRunFailedAndRegisterNothing() throws IOException {
        fixtures.project("mail-d", 0, 0.0, false);
        fixtures.labeledItems("mail-d", "d", 100, Label.Source.human);
        awaitDatasetOf("mail-d", 100);
        final Path byHash = config.modelStore().resolve("sha256");
        final Path aside = config.modelStore().resolve("sha256.aside");
        Files.createDirectories(byHash);
        Files.move(byHash, aside);
        Files.writeString(byHash, "the artifact store is broken");
        final Map<String, Object> run;
        try {
            run = awaitRunEnd(requestRun("mail-d"));
        } finally {
            Files.delete(byHash);
            Files.move(aside, byHash);
        }

        assertThat(run.get("status")).isEqualTo("failed");
        assertThat((String) run.get("error")).isNotBlank();
        assertThat(run.get("modelVersion")).isNull();
        given().get("/api/v1/projects/mail-d/models").then().statusCode(200).body("size()", is(0));
        assertThat(fixtures.modelEvents("mail-d")).isEmpty();
        assertThat(fixtures.progress((String) run.get("id"))).extracting(TrainingProgress::status)
                .contains(TrainingProgress.Status.failed);
    }

    @Test
    void shouldTrainByItselfOnceAProjectHasItsNewLabelsQuota() {
        fixtures.project("mail-e", 80, 0.0, false);
        fixtures.flush();
        await("project mail-e", INGEST_LIMIT,
                () -> given().post("/api/v1/projects/mail-e/datasets").statusCode() == 422);
        fixtures.labeledItems("mail-e", "e", 90, Label.Source.human);

        await("a labels-triggered run", INGEST_LIMIT,
                () -> given().get("/api/v1/projects/mail-e/runs").jsonPath().getList("id").size() == 1);
        final Map<String, Object> run = given().get("/api/v1/projects/mail-e/runs").jsonPath().getMap("[0]");
        assertThat(run.get("trigger")).isEqualTo("labels");
        assertThat(awaitRunEnd((String) run.get("id")).get("status")).isEqualTo("succeeded");
    }

    @Test
    void shouldTrainOnceOnABurstOfRetrainRequestsAndIgnoreARequestThatALaterRunAnswered() throws Exception {
        fixtures.project("mail-g", 0, 0.0, false);
        fixtures.labeledItems("mail-g", "g", 100, Label.Source.human);
        awaitDatasetOf("mail-g", 100);
        final Instant requested = Instant.now();

        fixtures.retrainRequest("mail-g", requested);
        fixtures.retrainRequest("mail-g", requested.plusMillis(1));
        final long third = fixtures.retrainRequest("mail-g", requested.plusMillis(2));
        TrainerFixtures.awaitModelsConsumedPast(config.consumerGroup(), third);

        final List<Map<String, Object>> runs = given().get("/api/v1/projects/mail-g/runs").jsonPath().getList("");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("trigger")).isEqualTo("retrain-request");
        assertThat(awaitRunEnd((String) runs.get(0).get("id")).get("status")).isEqualTo("succeeded");

        final long replayed = fixtures.retrainRequest("mail-g", requested);
        TrainerFixtures.awaitModelsConsumedPast(config.consumerGroup(), replayed);
        given().get("/api/v1/projects/mail-g/runs").then().statusCode(200).body("size()", is(1));
    }

    @Test
    void shouldSnapshotDeterministicallyKeepDuplicatesWithTheirCanonicalAndLeaveAutoLabelsOut() throws IOException {
        fixtures.project("mail-f", 0, 0.0, false);
        final List<String> ids = fixtures.labeledItems("mail-f", "f", 200, Label.Source.human);
        for (int i = 0; i < 40; i++) {
            final String duplicate = "f-dup-" + i;
            fixtures.item("mail-f", duplicate, "near copy " + i);
            fixtures.label("mail-f", duplicate, i % 2 == 0 ? "ham" : "spam", Label.Source.human);
            fixtures.duplicate("mail-f", duplicate, ids.get(i));
        }
        fixtures.labeledItems("mail-f", "f-auto", 10, Label.Source.model);
        awaitDatasetOf("mail-f", 240);

        final Response first = given().post("/api/v1/projects/mail-f/datasets");
        final Response second = given().post("/api/v1/projects/mail-f/datasets");
        first.then().statusCode(201);
        assertThat(second.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(second.jsonPath().getString("contentSha256")).isEqualTo(first.jsonPath().getString("contentSha256"));
        assertThat(first.jsonPath().getBoolean("includesModelLabels")).isFalse();

        final byte[] zip = given().queryParam("format", "jsonl")
                .get("/api/v1/datasets/" + first.jsonPath().getString("id") + "/export")
                .then().statusCode(200).extract().asByteArray();
        final Map<String, Map<String, Object>> lines = exportedItems(zip);
        assertThat(lines).hasSize(240).doesNotContainKey("f-auto-0");
        final SplitAssigner assigner = new SplitAssigner(0.8, 0.1);
        for (int i = 0; i < 40; i++) {
            final Map<String, Object> duplicate = lines.get("f-dup-" + i);
            assertThat(duplicate.get("canonicalItemId")).isEqualTo(ids.get(i));
            assertThat(duplicate.get("split")).isEqualTo(lines.get(ids.get(i)).get("split"));
        }
        final long hashAssigned = lines.values().stream()
                .filter(line -> assigner.assign((String) line.get("canonicalItemId")).name().equals(line.get("split")))
                .count();
        assertThat(hashAssigned).isGreaterThanOrEqualTo(lines.size() - 4);

        given().queryParam("format", "idx").get("/api/v1/datasets/" + first.jsonPath().getString("id") + "/export")
                .then().statusCode(422).contentType(startsWith("application/problem+json"));
        given().queryParam("format", "csv").get("/api/v1/datasets/" + first.jsonPath().getString("id") + "/export")
                .then().statusCode(400);
    }

    @Test
    void shouldBuildTheNextDatasetFromTheLatestRevisionOfAnItemsLabel() throws IOException {
        fixtures.project("mail-r", 0, 0.0, false);
        final String item = fixtures.labeledItems("mail-r", "r", 20, Label.Source.human).get(0);
        awaitDatasetOf("mail-r", 20);
        final String first = (String) exportedItems(export(given().post("/api/v1/projects/mail-r/datasets")
                .jsonPath().getString("id"))).get(item).get("label");
        final String revised = first.equals("ham") ? "spam" : "ham";

        fixtures.revisedLabel("mail-r", item, revised, 2);

        await("the revision in the next dataset", INGEST_LIMIT, () -> {
            try {
                final Map<String, Object> line = exportedItems(export(given().post("/api/v1/projects/mail-r/datasets")
                        .jsonPath().getString("id"))).get(item);
                return revised.equals(line.get("label")) && ("human-" + item + "-r2").equals(line.get("labelId"));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] export(final String datasetId) {
        return given().queryParam("format", "jsonl").get("/api/v1/datasets/" + datasetId + "/export")
                .then().statusCode(200).extract().asByteArray();
    }

    @Test
    void shouldTrainTheCnnOnAnImageProjectAndExportItsDatasetAsIdx() throws IOException {
        fixtures.imageProject("shapes");
        fixtures.labeledImages("shapes", "s", 120);
        awaitDatasetOf("shapes", 120);

        final Map<String, Object> run = awaitRunEnd(requestRun("shapes"));

        assertThat(run.get("status")).isEqualTo("succeeded");
        given().get("/api/v1/projects/shapes/champion").then().statusCode(200)
                .body("architecture", is("alexnet-small"));
        final byte[] zip = given().queryParam("format", "idx")
                .get("/api/v1/datasets/" + run.get("datasetVersion") + "/export")
                .then().statusCode(200).extract().asByteArray();
        int images = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                final java.io.DataInputStream idx = new java.io.DataInputStream(in);
                if (entry.getName().endsWith("-images-idx3-ubyte")) {
                    assertThat(idx.readInt()).isEqualTo(2051);
                    final int count = idx.readInt();
                    assertThat(idx.readInt()).isEqualTo(28);
                    assertThat(idx.readInt()).isEqualTo(28);
                    assertThat(idx.readAllBytes()).hasSize(count * 28 * 28);
                    images += count;
                }
            }
        }
        assertThat(images).isEqualTo(120);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> exportedItems(final byte[] zip) throws IOException {
        final Map<String, Map<String, Object>> lines = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("items.jsonl")) {
                    for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        final Map<String, Object> item = Json.MAPPER.readValue(line, Map.class);
                        lines.put((String) item.get("itemId"), item);
                    }
                }
            }
        }
        return lines;
    }
}
