package io.labelstream.trainer;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A trainer test that publishes through {@link TrainerFixtures} and calls the API as the operator, with the admin
 * token on every request.
 */
abstract class OperatorApiTest {

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
}
