package io.labelstream.ingest.rest;

import static io.restassured.RestAssured.given;
import static io.labelstream.ingest.fixtures.RawItems.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.labelstream.ingest.fixtures.CommittedRecords;
import io.labelstream.ingest.fixtures.TestProjects;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.MisencodedBodies;
import io.labelstream.testing.TestKafkaCluster;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.labelstream.ingest.fixtures.StreamsStateDirResource;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StreamsStateDirResource.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.ITEMS_RAW + "," + Topics.ITEMS_CLEAN + "," + Topics.ITEMS_DUPLICATES + ","
                + Topics.ITEMS_REJECTED + "," + Topics.PROJECTS))
class ItemsApiTest {

    private static final String KEY = "test-key";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @BeforeAll
    static void defineProject() throws Exception {
        try (KafkaProducer<String, Project> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestKafkaCluster.bootstrapServers()), new StringSerializer(),
                JsonSerde.of(Project.class))) {
            producer.send(new ProducerRecord<>(Topics.PROJECTS, TestProjects.SPAM, TestProjects.spam())).get();
        }
    }

    private static String item(final String text) {
        return "{\"schemaVersion\":1,\"project\":\"spam\",\"kind\":\"text\",\"contentType\":\"text/plain\","
                + "\"content\":\"" + text + "\"}";
    }

    private static <T> Optional<T> outcomeAt(final List<ConsumerRecord<byte[], byte[]>> records, final String topic,
            final Class<T> type, final long rawOffset) {
        return records.stream()
                .filter(record -> record.topic().equals(topic))
                .map(record -> read(record.value(), type))
                .filter(value -> rawOffset == Json.MAPPER.valueToTree(value).at(
                        value instanceof Rejection ? "/raw/offset" : "/lineage/offset").asLong())
                .findFirst();
    }

    private static <T> T read(final byte[] value, final Class<T> type) {
        try {
            return Json.MAPPER.readValue(value, type);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> outcomesOnceThereAre(final List<Long> rawOffsets) {
        try (CommittedRecords outputs = new CommittedRecords(TestKafkaCluster.bootstrapServers(),
                Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.ITEMS_REJECTED)) {
            return outputs.readUntil(records -> rawOffsets.stream().allMatch(offset -> records.stream()
                    .anyMatch(record -> Json.MAPPER.valueToTree(read(record.value(), Map.class))
                            .at(record.topic().equals(Topics.ITEMS_REJECTED) ? "/raw/offset" : "/lineage/offset")
                            .asLong(-2) == offset)), PATIENCE);
        }
    }

    @Test
    void shouldAcceptOneJsonItemAndCleanItAttributedToTheKeysSource() {
        final JsonPath answer = given().header("X-Api-Key", KEY).contentType("application/json")
                .body(item("Quarterly numbers are ready for review, please have a look before Monday."))
                .when().post("/api/v1/items")
                .then().statusCode(200).contentType("application/json")
                .body("accepted", is(1)).body("rejected", is(0))
                .body("results[0].status", is("accepted"))
                .body("results[0].raw.topic", is(Topics.ITEMS_RAW))
                .extract().jsonPath();
        final long offset = answer.getLong("results[0].raw.offset");

        final List<ConsumerRecord<byte[], byte[]>> outcomes = outcomesOnceThereAre(List.of(offset));
        final CleanItem clean = outcomeAt(outcomes, Topics.ITEMS_CLEAN, CleanItem.class, offset).orElseThrow();
        assertThat(clean.text()).startsWith("Quarterly numbers");
        assertThat(clean.lineage().sourceId()).isEqualTo("test-source");

        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("labelstream_ingest_items_total{outcome=\"clean\""));
    }

    @Test
    void shouldAnswerEveryLineOfABatchAndRejectOnlyTheBadOnes() {
        final String good = item("Team lunch moves to Friday at noon, the usual place near the station.");
        final String body = good + "\n"
                + "this line is not json\n"
                + good + "\r\n"
                + "\n"
                + item("Nobody defined this project, so the cleaner turns it away.").replace("\"spam\"", "\"nope\"")
                + "\n"
                + item("Claims another source").replace("{", "{\"sourceId\":\"other-source\",") + "\n"
                + "{\"schemaVersion\":1,\"project\":\"spam\"}\n";

        final JsonPath answer = given().header("X-Api-Key", KEY).contentType("application/x-ndjson").body(utf8(body))
                .when().post("/api/v1/items")
                .then().statusCode(200)
                .body("accepted", is(3)).body("rejected", is(3))
                .body("results.line", is(List.of(1, 2, 3, 5, 6, 7)))
                .body("results.status", is(List.of("accepted", "rejected", "accepted", "accepted", "rejected",
                        "rejected")))
                .body("results[1].reason", is("NOT_JSON"))
                .body("results[4].reason", is("INVALID_SHAPE"))
                .body("results[4].message", containsString("other-source"))
                .body("results[5].reason", is("INVALID_SHAPE"))
                .extract().jsonPath();
        final long first = answer.getLong("results[0].raw.offset");
        final long repeat = answer.getLong("results[2].raw.offset");
        final long unknown = answer.getLong("results[3].raw.offset");

        final List<ConsumerRecord<byte[], byte[]>> outcomes = outcomesOnceThereAre(List.of(first, repeat, unknown));
        final CleanItem clean = outcomeAt(outcomes, Topics.ITEMS_CLEAN, CleanItem.class, first).orElseThrow();
        final DuplicateItem duplicate = outcomeAt(outcomes, Topics.ITEMS_DUPLICATES, DuplicateItem.class, repeat)
                .orElseThrow();
        assertThat(duplicate.canonicalItemId()).isEqualTo(clean.itemId());
        assertThat(outcomeAt(outcomes, Topics.ITEMS_REJECTED, Rejection.class, unknown).orElseThrow().reason())
                .hasToString("UNKNOWN_PROJECT");
    }

    @Test
    void shouldRefuseAnItemWithACreatedAtThatIsNoDateTimeAsInvalidShape() {
        given().header("X-Api-Key", KEY).contentType("application/json")
                .body(item("Minutes of the meeting").replace("}", ",\"createdAt\":\"yesterday at noon\"}"))
                .when().post("/api/v1/items")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/items-rejected"))
                .body("results[0].reason", is("INVALID_SHAPE"))
                .body("results[0].message", containsString("createdAt"));
    }

    @Test
    void shouldWriteTheGoodLineOfABatchOnceAndReportTheBadOnesWithTheirReasons() {
        final String text = "Budget review " + UUID.randomUUID();
        final String body = item(text) + "\n"
                + "{not json\n"
                + item("Minutes of the meeting").replace("}", ",\"createdAt\":\"yesterday at noon\"}") + "\n";

        final JsonPath answer = given().header("X-Api-Key", KEY).contentType("application/x-ndjson").body(utf8(body))
                .when().post("/api/v1/items")
                .then().statusCode(200).contentType("application/json")
                .body("accepted", is(1)).body("rejected", is(2))
                .body("results.line", is(List.of(1, 2, 3)))
                .body("results.status", is(List.of("accepted", "rejected", "rejected")))
                .body("results[1].reason", is("NOT_JSON"))
                .body("results[2].reason", is("INVALID_SHAPE"))
                .body("results[2].message", containsString("createdAt"))
                .extract().jsonPath();
        final long offset = answer.getLong("results[0].raw.offset");

        try (CommittedRecords raw = new CommittedRecords(TestKafkaCluster.bootstrapServers(), Topics.ITEMS_RAW)) {
            final List<ConsumerRecord<byte[], byte[]>> written = raw.readToEnd(PATIENCE).stream()
                    .filter(record -> new String(record.value(), StandardCharsets.UTF_8).contains(text))
                    .toList();
            assertThat(written).singleElement().extracting(ConsumerRecord::offset).isEqualTo(offset);
        }
    }

    @Test
    void shouldRefuseASourceItemIdWithControlCharactersAndNeverWriteItAsAKey() {
        final String good = "Budget review " + UUID.randomUUID();
        final String forged = "Forged key " + UUID.randomUUID();
        final String body = item(good).replace("{", "{\"sourceItemId\":\"msg-1\",") + "\n"
                + item(forged).replace("{", "{\"sourceItemId\":\"msg-1\\r\\n\\u0000\\u001b[2J\",") + "\n";

        given().header("X-Api-Key", KEY).contentType("application/x-ndjson").body(utf8(body))
                .when().post("/api/v1/items")
                .then().statusCode(200)
                .body("accepted", is(1)).body("rejected", is(1))
                .body("results[1].reason", is("INVALID_SHAPE"))
                .body("results[1].message", containsString("sourceItemId"));

        try (CommittedRecords raw = new CommittedRecords(TestKafkaCluster.bootstrapServers(), Topics.ITEMS_RAW)) {
            final List<ConsumerRecord<byte[], byte[]>> records = raw.readToEnd(PATIENCE);
            assertThat(records).filteredOn(record -> new String(record.value(), StandardCharsets.UTF_8).contains(good))
                    .singleElement()
                    .satisfies(record -> assertThat(record.key()).asString(StandardCharsets.UTF_8).isEqualTo("msg-1"));
            assertThat(records).noneMatch(record -> new String(record.value(), StandardCharsets.UTF_8).contains(forged));
        }
    }

    @Test
    void shouldAnswerUnprocessableWithEveryVerdictWhenNoItemIsAccepted() {
        given().header("X-Api-Key", KEY).contentType("application/x-ndjson").body(utf8("nope\n[]\n"))
                .when().post("/api/v1/items")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/items-rejected"))
                .body("results.reason", is(List.of("NOT_JSON", "INVALID_SHAPE")));
    }

    @Test
    void shouldRejectAByteOrderMarkOtherEncodingsThanUtf8AndFieldsNamedTwiceAsEveryEntryPointDoes() {
        for (final MisencodedBodies.Case bad : MisencodedBodies.around(item("Minutes of the weekly call"), "project")) {
            given().header("X-Api-Key", KEY).contentType("application/json").body(bad.body())
                    .when().post("/api/v1/items")
                    .then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                    .body("results[0].reason", is(bad.reason()));
        }
    }

    @Test
    void shouldRefuseARequestWithoutAValidApiKey() {
        given().contentType("application/json").body(item("hello there"))
                .when().post("/api/v1/items")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("status", is(401)).body("type", is("https://labelstream.io/problems/unauthorized"));
        given().header("X-Api-Key", "guess").contentType("application/json").body(item("hello there"))
                .when().post("/api/v1/items")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldRefuseAnUnsupportedMediaType() {
        given().header("X-Api-Key", KEY).contentType("text/plain").body("hello")
                .when().post("/api/v1/items")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("application/x-ndjson"));
    }

    @Test
    void shouldRefuseABodyAboveTheLimit() {
        given().header("X-Api-Key", KEY).contentType("application/json").body(item("x".repeat(70_000)))
                .when().post("/api/v1/items")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/body-too-large"));
    }

    @Test
    void shouldRefuseABatchWithTooManyItems() {
        given().header("X-Api-Key", KEY).contentType("application/x-ndjson").body(utf8((item("x") + "\n").repeat(101)))
                .when().post("/api/v1/items")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("type", is("https://labelstream.io/problems/batch-too-large"));
    }

    @Test
    void shouldRefuseAnEmptyRequest() {
        given().header("X-Api-Key", KEY).contentType("application/x-ndjson").body(utf8("\n \n"))
                .when().post("/api/v1/items")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldAnswerUnknownPathsWithAProblemBody() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType(startsWith(Problem.MEDIA_TYPE));
    }
}
