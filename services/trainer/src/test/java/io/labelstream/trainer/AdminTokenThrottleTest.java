package io.labelstream.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guessing the admin token is slowed down per client address: after a few wrong tokens, 429 with Retry-After. */
@QuarkusTest
@TestProfile(AdminTokenThrottleTest.ThreeWrongTokensPerHour.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class AdminTokenThrottleTest {

    public static final class ThreeWrongTokensPerHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("labelstream.trainer.failed-tokens-per-address", "3",
                    "labelstream.trainer.failed-token-period", "1h");
        }
    }

    @Test
    void shouldRefuseAnAddressThatSentTooManyWrongTokensEvenWithTheRightOne() {
        given().post("/api/v1/projects/throttle-p/datasets").then().statusCode(401);
        for (final String wrong : new String[] {"guess-1", "guess-2"}) {
            given().header("Authorization", "Bearer " + wrong).post("/api/v1/projects/throttle-p/datasets")
                    .then().statusCode(401);
        }

        given().header("Authorization", "Bearer " + TrainerFixtures.ADMIN_TOKEN)
                .post("/api/v1/projects/throttle-p/datasets")
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .contentType(startsWith("application/problem+json"))
                .body("status", is(429))
                .body("type", is("https://labelstream.io/problems/too-many-failed-tokens"));
    }
}
