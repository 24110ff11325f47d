package io.labelstream.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.labelstream.ingest.fixtures.StreamsStateDirResource;
import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Guessing API keys is slowed down per client address: after a few wrong keys, 429 with Retry-After. */
@QuarkusTest
@TestProfile(ApiKeyThrottleTest.ThreeWrongKeysPerHour.class)
@WithTestResource(StreamsStateDirResource.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.ITEMS_RAW + "," + Topics.ITEMS_CLEAN + "," + Topics.ITEMS_DUPLICATES + ","
                + Topics.ITEMS_REJECTED + "," + Topics.PROJECTS))
class ApiKeyThrottleTest {

    public static final class ThreeWrongKeysPerHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("labelstream.ingest.http.failed-keys-per-address", "3",
                    "labelstream.ingest.http.failed-key-period", "1h");
        }
    }

    private static final String ITEM = "{\"schemaVersion\":1,\"project\":\"spam\",\"kind\":\"text\","
            + "\"contentType\":\"text/plain\",\"content\":\"Lunch on Friday?\"}";

    @Test
    void shouldRefuseAnAddressThatSentTooManyWrongKeysEvenWithTheRightKey() {
        given().contentType("application/json").body(ITEM).when().post("/api/v1/items")
                .then().statusCode(401);
        for (final String wrongKey : new String[] {"guess-1", "guess-2"}) {
            given().header(ItemsResource.API_KEY_HEADER, wrongKey).contentType("application/json").body(ITEM)
                    .when().post("/api/v1/items")
                    .then().statusCode(401);
        }

        given().header(ItemsResource.API_KEY_HEADER, "test-key").contentType("application/json").body(ITEM)
                .when().post("/api/v1/items")
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .contentType("application/problem+json")
                .body("status", is(429))
                .body("type", endsWith("too-many-failed-keys"));
    }
}
