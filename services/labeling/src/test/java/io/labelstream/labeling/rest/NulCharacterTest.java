package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A NUL character anywhere a client can put text: PostgreSQL cannot store it in a text column, so it must be refused
 * as bad input (a 4xx problem body) before it gets there, never answered with a 500.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class NulCharacterTest {

    private static final String NUL = "\u0000";
    private static final String ENCODED_NUL = "%00";

    @Test
    void shouldRefuseANulCharacterInAnyBodyPathQueryOrCredentialWithAProblemBodyInsteadOfA500() {
        final String project = "nul-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        final String labeler = Api.session(Api.newLabeler("nul"));
        final Map<String, Object> projectWithNulName = new HashMap<>(Api.textProject(project, 1, 1, 0.9, 0));
        projectWithNulName.put("name", "a" + NUL + "b");
        final Map<String, Object> projectWithNulId = new HashMap<>(Api.textProject("x" + NUL, 1, 1, 0.9, 0));

        final Map<String, Supplier<Response>> requests = new java.util.LinkedHashMap<>();
        requests.put("log-in with a NUL in the username", () -> given().auth().preemptive()
                .basic("ad" + NUL + "min", Api.ADMIN_PASSWORD).post("/api/v1/sessions"));
        requests.put("a NUL in the password", () -> given().auth().preemptive()
                .basic("admin", "pass" + NUL + "word").get("/api/v1/projects"));
        requests.put("new account", () -> admin().body(Map.of("username", "u" + NUL, "password",
                "long-enough-password", "role", "labeler")).post("/api/v1/accounts"));
        requests.put("service token name", () -> admin().body(Map.of("name", "svc" + NUL))
                .post("/api/v1/service-tokens"));
        requests.put("project name", () -> admin().body(projectWithNulName).put("/api/v1/projects/" + project));
        requests.put("project id in the body", () -> admin().body(projectWithNulId).post("/api/v1/projects"));
        requests.put("project id in the path", () -> raw(admin()).get("/api/v1/projects/p" + ENCODED_NUL));
        requests.put("queued task text", () -> admin().body(Map.of("itemId", "i-1", "text", "t" + NUL))
                .post("/api/v1/projects/" + project + "/tasks"));
        requests.put("queued task item id", () -> admin().body(Map.of("itemId", "i" + NUL, "text", "text"))
                .post("/api/v1/projects/" + project + "/tasks"));
        requests.put("gold answer", () -> admin().body(Map.of("text", "gold text", "answer", "ham" + NUL))
                .post("/api/v1/projects/" + project + "/gold"));
        requests.put("export of a project with a NUL", () -> raw(admin())
                .get("/api/v1/projects/p" + ENCODED_NUL + "/labels.jsonl"));
        requests.put("quality of a project with a NUL", () -> raw(admin())
                .get("/api/v1/projects/p" + ENCODED_NUL + "/quality"));
        requests.put("lifting a suspension", () -> raw(admin())
                .delete("/api/v1/projects/" + project + "/suspensions/u" + ENCODED_NUL));
        requests.put("next task of a project with a NUL", () -> raw(Api.bearer(labeler))
                .post("/api/v1/assignments?project=p" + ENCODED_NUL));
        requests.put("assignment id", () -> raw(Api.bearer(labeler)).get("/api/v1/assignments/a" + ENCODED_NUL));
        requests.put("answer", () -> raw(Api.bearer(labeler)).body(Map.of("label", "ham" + NUL))
                .post("/api/v1/assignments/a" + ENCODED_NUL + "/answer"));
        requests.put("operations of a project with a NUL", () -> raw(admin())
                .get("/api/v1/operations/projects/p" + ENCODED_NUL));
        requests.put("task list filter", () -> raw(admin())
                .get("/api/v1/projects/" + project + "/tasks?status=open" + ENCODED_NUL));

        final List<String> failures = new ArrayList<>();
        requests.forEach((name, request) -> {
            final Response response = request.get();
            final boolean refused = response.statusCode() >= 400 && response.statusCode() < 500
                    && String.valueOf(response.contentType()).startsWith("application/problem+json");
            if (!refused) {
                failures.add(name + ": " + response.statusCode() + " " + response.contentType());
            }
        });
        assertThat(failures).isEmpty();
    }

    /** Sends the path exactly as written, so that {@code %00} reaches the server encoded. */
    private static RequestSpecification raw(final RequestSpecification request) {
        return request.urlEncodingEnabled(false).contentType(ContentType.JSON);
    }
}
