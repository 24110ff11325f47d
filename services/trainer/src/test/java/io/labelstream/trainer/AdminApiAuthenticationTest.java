package io.labelstream.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.labelstream.trainer.rest.AdminOnly;
import io.labelstream.trainer.rest.TrainerResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The admin API needs {@code Authorization: Bearer <admin token>} on everything that changes state or hands out
 * labeled content; missing, malformed and wrong credentials get a 401 problem with a bearer challenge and change
 * nothing. Reading runs and the registry stays open.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class AdminApiAuthenticationTest {

    private static final List<Function<RequestSpecification, io.restassured.response.Response>> ADMIN_CALLS = List.of(
            request -> request.post("/api/v1/projects/auth-p/runs"),
            request -> request.post("/api/v1/projects/auth-p/datasets"),
            request -> request.get("/api/v1/datasets/auth-p-d1/export"),
            request -> request.contentType("application/json").body("{}")
                    .post("/api/v1/projects/auth-p/models/auth-p-v1/promote"),
            request -> request.contentType("application/json").body("{}").post("/api/v1/projects/auth-p/rollback"));

    @Test
    void shouldAnswerEveryAdminCallWithoutCredentialsWith401AndABearerChallenge() {
        for (final var call : ADMIN_CALLS) {
            call.apply(given()).then().statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", is("Bearer realm=\"labelstream-trainer\""))
                    .body("type", is("https://labelstream.io/problems/unauthorized"))
                    .body("status", is(401));
        }
    }

    @Test
    void shouldRefuseAWrongATruncatedAndANonBearerCredential() {
        final String token = TrainerFixtures.ADMIN_TOKEN;
        for (final String wrong : List.of("not-the-token", token.substring(0, token.length() - 1), token + "x")) {
            given().header("Authorization", "Bearer " + wrong).post("/api/v1/projects/auth-p/runs")
                    .then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                    .body("type", is("https://labelstream.io/problems/invalid-token"));
        }
        given().auth().preemptive().basic("admin", token).post("/api/v1/projects/auth-p/runs")
                .then().statusCode(401).body("type", is("https://labelstream.io/problems/unauthorized"));
        given().get("/api/v1/projects/auth-p/runs").then().statusCode(200).body("size()", is(0));
    }

    @Test
    void shouldLetTheAdminTokenThroughToTheEndpoint() {
        for (final String scheme : List.of("Bearer ", "bearer ")) {
            given().header("Authorization", scheme + TrainerFixtures.ADMIN_TOKEN)
                    .post("/api/v1/projects/auth-nowhere/runs")
                    .then().statusCode(404).body("type", is("https://labelstream.io/problems/not-found"));
        }
    }

    @Test
    void shouldKeepReadingRunsAndTheRegistryOpen() {
        given().get("/api/v1/projects/auth-p/runs").then().statusCode(200);
        given().get("/api/v1/projects/auth-p/models").then().statusCode(200);
        given().get("/api/v1/projects/auth-p/champion").then().statusCode(404);
    }

    @Test
    void shouldGuardEveryEndpointThatChangesState() {
        final List<Method> changing = Arrays.stream(TrainerResource.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(POST.class) || method.isAnnotationPresent(PUT.class)
                        || method.isAnnotationPresent(DELETE.class) || method.isAnnotationPresent(PATCH.class))
                .toList();

        assertThat(changing).hasSize(4).allSatisfy(method -> assertThat(method.isAnnotationPresent(AdminOnly.class))
                .as(method.getName()).isTrue());
    }
}
