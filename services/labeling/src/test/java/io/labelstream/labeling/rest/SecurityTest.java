package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static io.labelstream.labeling.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every boundary: who may call what, what a labeler can see, and inputs built to break out of SQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class SecurityTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldAskForCredentialsWithAProblemBody() {
        given().get("/api/v1/projects").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Basic"));
        given().auth().preemptive().basic("admin", "wrong-password").get("/api/v1/projects").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/api/v1/projects").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void shouldKeepAdminEndpointsFromLabelers() {
        final String project = project();
        final String labeler = Api.session(Api.newLabeler("nosy"));

        bearer(labeler).body(Api.textProject("mine", 1, 1, 0.9, 0)).post("/api/v1/projects").then().statusCode(403)
                .contentType("application/problem+json");
        bearer(labeler).body(Map.of("username", "x-new", "password", "long-enough-pw", "role", "admin"))
                .post("/api/v1/accounts").then().statusCode(403);
        bearer(labeler).get("/api/v1/projects/" + project + "/quality").then().statusCode(403);
        bearer(labeler).get("/api/v1/projects/" + project + "/tasks").then().statusCode(403);
        bearer(labeler).body(Map.of("text", "t", "answer", "ham")).post("/api/v1/projects/" + project + "/gold")
                .then().statusCode(403);
        bearer(labeler).get("/api/v1/projects/" + project + "/labels.jsonl").then().statusCode(403);
        bearer(labeler).body(Map.of("name", "robot")).post("/api/v1/service-tokens").then().statusCode(403);
    }

    @Test
    void shouldLetAServiceTokenQueueAndExportButNotAdministerOrLabel() {
        final String project = project();
        final String token = admin().body(Map.of("name", "svc-" + UUID.randomUUID().toString().substring(0, 6)))
                .post("/api/v1/service-tokens").then().statusCode(201).extract().path("token");

        bearer(token).body(Map.of("itemId", "from-service", "text", "hello")).post("/api/v1/projects/" + project + "/tasks")
                .then().statusCode(201);
        bearer(token).get("/api/v1/projects/" + project + "/labels.csv").then().statusCode(200);
        bearer(token).get("/api/v1/projects/" + project).then().statusCode(200);
        bearer(token).body(Api.textProject(project, 1, 2, 0.9, 0)).put("/api/v1/projects/" + project).then().statusCode(403);
        bearer(token).post("/api/v1/assignments?project=" + project).then().statusCode(403);
    }

    @Test
    void shouldShowALabelerOnlyTheirOwnAssignments() {
        final String project = project();
        admin().body(Map.of("itemId", "private", "text", "mine")).post("/api/v1/projects/" + project + "/tasks")
                .then().statusCode(201);
        final String alice = Api.session(Api.newLabeler("alice"));
        final String mallory = Api.session(Api.newLabeler("mallory"));
        final String assignment = bearer(alice).post("/api/v1/assignments?project=" + project).then().statusCode(200)
                .extract().path("assignmentId");

        bearer(mallory).get("/api/v1/assignments/" + assignment).then().statusCode(404);
        bearer(mallory).body(Map.of("submissionId", "steal", "label", "spam"))
                .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(404);
        bearer(mallory).body(Map.of()).post("/api/v1/assignments/" + assignment + "/skip").then().statusCode(404);
        bearer(alice).get("/api/v1/assignments/" + assignment).then().statusCode(200).body("text", is("mine"));
    }

    @Test
    void shouldStorePasswordsAsBcryptAndTokensOnlyAsHashes() {
        final String username = Api.newLabeler("hashed");
        final String token = Api.session(username);

        assertThat(TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.account WHERE username = ? AND password_hash LIKE '$2_$%'", username))
                .isEqualTo(1);
        assertThat(TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.account WHERE password_hash = ?", Api.LABELER_PASSWORD)).isZero();
        assertThat(TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.access_token WHERE token_sha256 = ?", token)).isZero();
    }

    @Test
    void shouldTreatSqlInPathsQueriesAndBodiesAsPlainData() {
        final String project = project();
        final String labeler = Api.session(Api.newLabeler("bobby"));
        final long tasksBefore = TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.task");

        admin().get("/api/v1/projects/x' OR '1'='1").then().statusCode(404);
        admin().get("/api/v1/projects/" + project + "/tasks?status=open' OR '1'='1").then().statusCode(422);
        bearer(labeler).post("/api/v1/assignments?project=" + project + "'; DELETE FROM labeling.task; --")
                .then().statusCode(404);
        given().auth().preemptive().basic("admin' --", "x").get("/api/v1/projects").then().statusCode(401);
        given().auth().preemptive().basic("admin", "' OR '1'='1").get("/api/v1/projects").then().statusCode(401);
        bearer("' OR '1'='1").get("/api/v1/projects").then().statusCode(401);
        admin().body(Map.of("itemId", "robert'); DROP TABLE labeling.task; --", "text", "Robert'); DROP TABLE x; --"))
                .post("/api/v1/projects/" + project + "/tasks").then().statusCode(201);
        final String assignment = bearer(labeler).post("/api/v1/assignments?project=" + project).then().statusCode(200)
                .body("text", is("Robert'); DROP TABLE x; --")).extract().path("assignmentId");
        bearer(labeler).body(Map.of("submissionId", "1' OR '1'='1", "label", "ham' OR '1'='1"))
                .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(422);
        bearer(labeler).body(Map.of("submissionId", "1'; UPDATE labeling.account SET role='admin'; --", "label", "ham"))
                .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(200);

        assertThat(TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.task")).isEqualTo(tasksBefore + 1);
        assertThat(TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.account WHERE role = 'admin'"))
                .isEqualTo(1);
        bearer(labeler).get("/api/v1/projects/" + project + "/quality").then().statusCode(403);
    }

    @Test
    void shouldRejectWeakOrMalformedAccounts() {
        admin().body(Map.of("username", "a", "password", "short", "role", "root")).post("/api/v1/accounts")
                .then().statusCode(422).body("errors.size()", is(3));
        admin().contentType(ContentType.JSON).body("[1,2]").post("/api/v1/accounts").then().statusCode(400);
    }

    private static String project() {
        final String id = "s-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(id, 1, 1, 0.9, 0));
        return id;
    }
}
