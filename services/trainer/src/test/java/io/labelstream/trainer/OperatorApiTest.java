package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A trainer test that publishes through {@link TrainerFixtures} and calls the API as the operator, with the admin
 * token on every request.
 */
abstract class OperatorApiTest {

    protected static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    protected static final Duration INGEST_LIMIT = Duration.ofSeconds(60);

    protected static TrainerFixtures fixtures;

    @BeforeAll
    static void startFixtures() {
        fixtures = new TrainerFixtures();
    }

    /** Built per test, as the app's random port is known by then. */
    @BeforeEach
    void actAsTheOperator() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization",
                "Bearer " + TrainerFixtures.ADMIN_TOKEN).build();
    }

    @AfterEach
    void forgetTheOperator() {
        RestAssured.requestSpecification = null;
    }

    @AfterAll
    static void stopFixtures() {
        if (fixtures != null) {
            fixtures.close();
        }
    }

    /** Waits until the trainer has stored {@code items} usable labels of the project. */
    protected static void awaitDatasetOf(final String project, final int items) {
        await(items + " labeled items of " + project, INGEST_LIMIT, () -> {
            final Response response = given().post("/api/v1/projects/" + project + "/datasets");
            return response.statusCode() == 201 && response.jsonPath().getInt("items") == items;
        });
    }

    protected static String requestRun(final String project) {
        return given().post("/api/v1/projects/" + project + "/runs")
                .then().statusCode(202).body("status", is("queued")).extract().jsonPath().getString("id");
    }

    protected static Map<String, Object> awaitRunEnd(final String runId) {
        await("the end of run " + runId, RUN_LIMIT, () -> {
            final String status = given().get("/api/v1/runs/" + runId).jsonPath().getString("status");
            return "succeeded".equals(status) || "failed".equals(status);
        });
        return given().get("/api/v1/runs/" + runId).jsonPath().getMap("");
    }
}
