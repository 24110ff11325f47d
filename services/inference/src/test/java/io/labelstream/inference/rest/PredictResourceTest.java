package io.labelstream.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.support.Champions;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.inference.support.TestImages;
import io.labelstream.inference.support.TestModels;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Project;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class PredictResourceTest {

    private static final String TEXT_PROJECT = "online-" + UUID.randomUUID();
    private static final String COLD_PROJECT = "online-cold-" + UUID.randomUUID();
    private static final String IMAGE_PROJECT = "online-images-" + UUID.randomUUID();
    /** Routing policies at the extremes: every prediction is confident enough, or none is. */
    private static final String AUTO_PROJECT = "route-auto-" + UUID.randomUUID();
    private static final String HUMAN_PROJECT = "route-human-" + UUID.randomUUID();

    @Inject
    ModelRegistry registry;

    @Inject
    InferenceConfig config;

    @BeforeEach
    void defineProjects() throws InterruptedException {
        if (registry.championVersion(TEXT_PROJECT).isPresent()) {
            return;
        }
        KafkaIo.send(Topics.PROJECTS, TEXT_PROJECT,
                KafkaIo.textProject(TEXT_PROJECT, 0.9, 0.1, Project.UncertaintyMeasure.margin));
        KafkaIo.send(Topics.PROJECTS, COLD_PROJECT,
                KafkaIo.textProject(COLD_PROJECT, 0.9, 0.1, Project.UncertaintyMeasure.margin));
        KafkaIo.send(Topics.PROJECTS, IMAGE_PROJECT, KafkaIo.imageProject(IMAGE_PROJECT));
        KafkaIo.send(Topics.PROJECTS, AUTO_PROJECT,
                KafkaIo.textProject(AUTO_PROJECT, 0.0, 0.0, Project.UncertaintyMeasure.margin));
        KafkaIo.send(Topics.PROJECTS, HUMAN_PROJECT,
                KafkaIo.textProject(HUMAN_PROJECT, 1.01, 0.0, Project.UncertaintyMeasure.margin));
        KafkaIo.send(Topics.MODELS, AUTO_PROJECT,
                TestModels.promotedTextModel(config.resolvedModelStore(), AUTO_PROJECT, "a1", 3, 0.9));
        KafkaIo.send(Topics.MODELS, HUMAN_PROJECT,
                TestModels.promotedTextModel(config.resolvedModelStore(), HUMAN_PROJECT, "h1", 3, 0.9));
        KafkaIo.send(Topics.MODELS, TEXT_PROJECT,
                TestModels.promotedTextModel(config.resolvedModelStore(), TEXT_PROJECT, "v3", 3, 0.9));
        Champions.await(registry, AUTO_PROJECT, "a1");
        Champions.await(registry, HUMAN_PROJECT, "h1");
        Champions.await(registry, TEXT_PROJECT, "v3");
    }

    @Test
    void shouldPredictOneCleanItemWithCalibratedProbabilitiesForEveryLabel() {
        given().contentType(ContentType.JSON)
                .body(Map.of("project", TEXT_PROJECT, "itemId", "q-1", "text", "free money, click now"))
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .body("itemId", is("q-1"))
                .body("modelVersion", is("v3"))
                .body("probabilities", hasSize(2))
                .body("probabilities.probability.sum()", closeTo(1.0, 1e-4))
                .body("uncertainty.margin", lessThanOrEqualTo(1.0f))
                .body("route", nullValue());
    }

    @Test
    void shouldPredictASmallBatchInOrder() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", TEXT_PROJECT, "text", "meeting notes"),
                        Map.of("project", TEXT_PROJECT, "text", "cash prize")))
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("itemId", is(List.of("request-0", "request-1")));
    }

    @Test
    void shouldRouteAConfidentItemToAnAutoLabelWithoutPublishingIt() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", AUTO_PROJECT, "itemId", "r-1", "kind", "text", "text", "cash prize")))
                .when().post("/api/v1/route")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].itemId", is("r-1"))
                .body("[0].prediction.modelVersion", is("a1"))
                .body("[0].prediction.route", is("auto_label"))
                .body("[0].label.labelId", is("r-1/model/a1"))
                .body("[0].label.source", is("model"))
                .body("[0].task", nullValue());
    }

    @Test
    void shouldRouteAnUnsureItemToATaskRankedByUncertainty() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", HUMAN_PROJECT, "itemId", "r-2", "kind", "text", "text", "notes"),
                        Map.of("project", HUMAN_PROJECT, "itemId", "r-3", "kind", "text", "text", "free cash")))
                .when().post("/api/v1/route")
                .then().statusCode(200)
                .body("itemId", is(List.of("r-2", "r-3")))
                .body("prediction.route", is(List.of("human", "human")))
                .body("label", is(Collections.nCopies(2, null)))
                .body("task.taskId", is(List.of(HUMAN_PROJECT + ":r-2", HUMAN_PROJECT + ":r-3")))
                .body("task.reason", is(List.of("uncertain", "uncertain")))
                .body("task.prediction.modelVersion", is(List.of("h1", "h1")));
    }

    @Test
    void shouldRefuseToRouteAnItemWithoutItsId() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", HUMAN_PROJECT, "kind", "text", "text", "notes")))
                .when().post("/api/v1/route")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/item-id-required"));
        given().contentType(ContentType.JSON)
                .body(Map.of("project", HUMAN_PROJECT, "itemId", "r-4", "text", "notes"))
                .when().post("/api/v1/route")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldRefuseToRouteWithoutAChampion() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", COLD_PROJECT, "itemId", "r-5", "kind", "text", "text", "hello")))
                .when().post("/api/v1/route")
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/no-champion"));
    }

    @Test
    void shouldRefuseMalformedJson() {
        given().contentType(ContentType.JSON).body("{\"project\": ")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/invalid-json"))
                .body("instance", is("/api/v1/predict"));
    }

    @Test
    void shouldRefuseAnUnknownProject() {
        given().contentType(ContentType.JSON).body(Map.of("project", "no-such-project", "text", "hello"))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/item-rejected"))
                .body("reason", is("UNKNOWN_PROJECT"))
                .body("errors[0]", containsString("no-such-project"));
    }

    @Test
    void shouldExplainThatAProjectHasNoModelYet() {
        given().contentType(ContentType.JSON).body(Map.of("project", COLD_PROJECT, "text", "hello"))
                .when().post("/api/v1/predict")
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/no-champion"))
                .body("detail", containsString("no champion model yet"));
    }

    @Test
    void shouldRefuseAnItemOfTheWrongKindAndListEveryInvalidItem() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", TEXT_PROJECT, "kind", "image", "imagePng", "AAAA"),
                        Map.of("project", TEXT_PROJECT, "text", "fine"),
                        Map.of("project", TEXT_PROJECT, "text", " ")))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/item-rejected"))
                .body("errors", hasSize(2))
                .body("errors[0]", startsWith("items[0]: WRONG_KIND: "))
                .body("errors[1]", startsWith("items[2]: EMPTY_TEXT: "))
                .body("rejections.item", is(List.of(0, 2)));
    }

    @Test
    void shouldRefuseInvalidBase64AndUndecodableImages() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", IMAGE_PROJECT, "imagePng", "not base64 !"),
                        Map.of("project", IMAGE_PROJECT, "imagePng", "aGVsbG8=")))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("rejections.reason", is(List.of("INVALID_BASE64", "UNDECODABLE_IMAGE")));
    }

    @Test
    void shouldRefuseAnImageDeclaringAbsurdDimensionsBeforeDecodingIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("project", IMAGE_PROJECT, "imagePng", TestImages.pngDeclaring(1_000_000, 1_000_000)))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("reason", is("IMAGE_TOO_LARGE"));
    }

    @Test
    void shouldRefuseItemsOfSeveralProjectsInOneRequest() {
        given().contentType(ContentType.JSON)
                .body(List.of(Map.of("project", TEXT_PROJECT, "text", "a"),
                        Map.of("project", COLD_PROJECT, "text", "b")))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/mixed-projects"));
    }

    @Test
    void shouldRefuseABatchLargerThanTheLimit() {
        final List<Map<String, String>> items =
                Collections.nCopies(config.predict().maxItems() + 1, Map.of("project", TEXT_PROJECT, "text", "x"));
        given().contentType(ContentType.JSON).body(items)
                .when().post("/api/v1/predict")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/batch-too-large"));
    }

    @Test
    void shouldRefuseAnEmptyBatchAndABodyThatIsNoItem() {
        given().contentType(ContentType.JSON).body("[]")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/empty-batch"));
        given().contentType(ContentType.JSON).body("42")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/invalid-json"));
    }
}
