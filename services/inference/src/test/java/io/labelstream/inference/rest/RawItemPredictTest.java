package io.labelstream.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.labelstream.cleaning.ContentHash;
import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.support.Champions;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.inference.support.TestImages;
import io.labelstream.inference.support.TestModels;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.MisencodedBodies;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Raw items (as on {@code items.raw}) sent to {@code POST /api/v1/predict}: cleaned as ingest cleans them. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class RawItemPredictTest {

    private static final String TEXT_PROJECT = "raw-text-" + UUID.randomUUID();
    private static final String IMAGE_PROJECT = "raw-images-" + UUID.randomUUID();
    private static final String EMAIL = "From: a@example.com\r\nSubject: Cheap pills\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Buy =E2=82=AC10   pills now\r\n";
    private static final String EMAIL_TEXT = "Cheap pills\n\nBuy \u20ac10 pills now";

    @Inject
    ModelRegistry registry;

    @Inject
    InferenceConfig config;

    @BeforeEach
    void defineProjects() throws InterruptedException {
        if (registry.championVersion(TEXT_PROJECT).isPresent() && registry.championVersion(IMAGE_PROJECT).isPresent()) {
            return;
        }
        KafkaIo.send(Topics.PROJECTS, TEXT_PROJECT,
                KafkaIo.textProject(TEXT_PROJECT, 0.9, 0.1, Project.UncertaintyMeasure.margin));
        KafkaIo.send(Topics.PROJECTS, IMAGE_PROJECT, KafkaIo.imageProject(IMAGE_PROJECT));
        KafkaIo.send(Topics.MODELS, TEXT_PROJECT,
                TestModels.promotedTextModel(config.resolvedModelStore(), TEXT_PROJECT, "t1", 5, 0.9));
        KafkaIo.send(Topics.MODELS, IMAGE_PROJECT,
                TestModels.promotedImageModel(config.resolvedModelStore(), IMAGE_PROJECT, "i1", 6, 0.9));
        Champions.await(registry, TEXT_PROJECT, "t1");
        Champions.await(registry, IMAGE_PROJECT, "i1");
    }

    @Test
    void shouldPredictARawEmailAsTheCleanItemIngestWouldMakeOfIt() {
        final Map<String, Object> raw = predicted(rawText("message/rfc822", EMAIL));
        final Map<String, Object> clean = predicted(Map.of("project", TEXT_PROJECT, "text", EMAIL_TEXT));
        assertThat(raw.get("itemId")).isEqualTo(ContentHash.itemId(TEXT_PROJECT, ContentHash.sha256(EMAIL_TEXT)));
        assertThat(raw.get("modelVersion")).isEqualTo("t1");
        assertSamePrediction(raw, clean);
    }

    @Test
    void shouldPredictRawHtmlAsItsReadableText() {
        final Map<String, Object> raw = predicted(rawText("text/html", "<html><head><title>Notes</title>"
                + "<script>track()</script></head><body><p>Meeting   at <b>noon</b></p><p>Bring&nbsp;slides</p>"
                + "</body></html>"));
        final Map<String, Object> clean =
                predicted(Map.of("project", TEXT_PROJECT, "text", "Meeting at noon\n\nBring slides"));
        assertSamePrediction(raw, clean);
    }

    @Test
    void shouldPredictARawImageInEveryLosslessFormatAsTheCleanImage() {
        final Map<String, Object> clean =
                predicted(Map.of("project", IMAGE_PROJECT, "imagePng", TestImages.base64(TestImages.grey28(), "png")));
        assertThat(clean.get("modelVersion")).isEqualTo("i1");
        for (final String format : List.of("png", "bmp", "gif")) {
            final Map<String, Object> raw = predicted(rawImage("image/" + format,
                    TestImages.base64(TestImages.grey28(), format)));
            assertSamePrediction(raw, clean);
        }
    }

    @Test
    void shouldPredictRawAndCleanItemsOfOneBatchInOrder() {
        given().contentType(ContentType.JSON)
                .body(List.of(rawImage("image/jpeg", TestImages.base64(TestImages.grey28(), "jpeg")),
                        Map.of("project", IMAGE_PROJECT, "itemId", "clean-1",
                                "imagePng", TestImages.base64(TestImages.grey28(), "png"))))
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].modelVersion", is("i1"))
                .body("[1].itemId", is("clean-1"));
    }

    @Test
    void shouldRefuseABodyThatIsNoJson() {
        for (final String body : List.of(EMAIL, "{\"project\": \"" + TEXT_PROJECT + "\"} {\"text\": \"x\"}")) {
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/predict")
                    .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("type", is("https://labelstream.io/problems/invalid-json"));
        }
        given().contentType(ContentType.TEXT).body(EMAIL)
                .when().post("/api/v1/predict")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/unsupported-media-type"));
    }

    @Test
    void shouldRejectARawItemThatBreaksTheContract() {
        final Map<String, Object> noSource = new HashMap<>(rawText("text/plain", "hello"));
        noSource.remove("sourceId");
        rejected(noSource, "INVALID_SHAPE").body("detail", containsString("sourceId"));
        final Map<String, Object> unknownType = new HashMap<>(rawText("text/plain", "hello"));
        unknownType.put("contentType", "application/pdf");
        rejected(unknownType, "INVALID_SHAPE");
    }

    @Test
    void shouldRejectARawItemWithACreatedAtThatIsNoDateTimeAsInvalidShape() {
        final Map<String, Object> item = new HashMap<>(rawText("text/plain", "hello"));
        item.put("createdAt", "yesterday at noon");
        rejected(item, "INVALID_SHAPE").body("detail", containsString("createdAt"));
        given().contentType(ContentType.JSON)
                .body(List.of(rawText("text/plain", "fine"), item))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("rejections.item", is(List.of(1)))
                .body("rejections[0].reason", is("INVALID_SHAPE"));
    }

    @Test
    void shouldRefuseAByteOrderMarkOtherEncodingsThanUtf8AndFieldsNamedTwiceAsEveryEntryPointDoes()
            throws JsonProcessingException {
        final String item = Json.MAPPER.writeValueAsString(rawText("text/plain", "Minutes of the weekly call"));
        for (final MisencodedBodies.Case bad : MisencodedBodies.around(item, "project")) {
            given().contentType(ContentType.JSON).body(bad.body())
                    .when().post("/api/v1/predict")
                    .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                    .body("type", is("https://labelstream.io/problems/invalid-json"))
                    .body("reason", is(bad.reason()));
        }
    }

    @Test
    void shouldRejectARawItemOfAnUnknownProject() {
        final Map<String, Object> item = new HashMap<>(rawText("text/plain", "hello"));
        item.put("project", "no-such-project");
        rejected(item, "UNKNOWN_PROJECT").body("detail", containsString("no-such-project"));
    }

    @Test
    void shouldRejectARawItemOfTheWrongKind() {
        final Map<String, Object> image = new HashMap<>(rawImage("image/png",
                TestImages.base64(TestImages.grey28(), "png")));
        image.put("project", TEXT_PROJECT);
        rejected(image, "WRONG_KIND");
        final Map<String, Object> textAsImage = new HashMap<>(rawImage("text/plain", "hello"));
        rejected(textAsImage, "WRONG_KIND");
    }

    @Test
    void shouldListEveryRejectedItemWithItsReason() {
        given().contentType(ContentType.JSON)
                .body(List.of(rawText("text/html", "<p> &nbsp; </p><script>x()</script>"),
                        rawText("text/plain", "fine"),
                        rawText("text/plain", "x".repeat(config.predict().maxTextChars() + 1))))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/item-rejected"))
                .body("detail", is("2 of 3 items cannot be predicted."))
                .body("reason", nullValue())
                .body("rejections", hasSize(2))
                .body("rejections[0].item", is(0))
                .body("rejections[0].reason", is("EMPTY_TEXT"))
                .body("rejections[1].item", is(2))
                .body("rejections[1].reason", is("TEXT_TOO_LONG"))
                .body("errors[1]", containsString("items[2]: TEXT_TOO_LONG"));
    }

    @Test
    void shouldRejectImagesThatAreNoneOrTooLarge() {
        given().contentType(ContentType.JSON)
                .body(List.of(rawImage("image/png", "not base64 !"),
                        rawImage("image/png", "aGVsbG8gd29ybGQ="),
                        rawImage("image/png", TestImages.pngDeclaring(1_000_000, 1_000_000))))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("rejections.reason", is(List.of("INVALID_BASE64", "UNDECODABLE_IMAGE", "IMAGE_TOO_LARGE")));
    }

    @Test
    void shouldRejectAnEmailWithBrokenMime() {
        rejected(rawText("message/rfc822", "From: a@example.com\r\nSubject: parts\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\nno boundary ever starts here\r\n"),
                "MALFORMED_EMAIL");
    }

    @Test
    void shouldRefuseABodyAboveTheLimit() {
        given().contentType(ContentType.JSON)
                .body(rawText("text/plain", "y".repeat(config.predict().maxBodyBytes() + 1)))
                .when().post("/api/v1/predict")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/body-too-large"));
    }

    private static ValidatableResponse rejected(final Object body, final String reason) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/item-rejected"))
                .body("reason", is(reason))
                .body("rejections[0].reason", is(reason));
    }

    private static Map<String, Object> predicted(final Object body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    private static void assertSamePrediction(final Map<String, Object> actual, final Map<String, Object> expected) {
        assertThat(actual.get("label")).isEqualTo(expected.get("label"));
        assertThat(actual.get("probabilities")).isEqualTo(expected.get("probabilities"));
    }

    private static Map<String, Object> rawText(final String contentType, final String content) {
        return Map.of("schemaVersion", 1, "project", TEXT_PROJECT, "sourceId", "online-client", "kind", "text",
                "contentType", contentType, "content", content);
    }

    private static Map<String, Object> rawImage(final String contentType, final String base64) {
        return Map.of("schemaVersion", 1, "project", IMAGE_PROJECT, "sourceId", "online-client", "kind", "image",
                "contentType", contentType, "content", base64);
    }
}
