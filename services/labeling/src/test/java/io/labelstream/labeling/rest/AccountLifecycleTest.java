package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static io.labelstream.labeling.Api.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accounts are never deleted, but they can be deactivated, activated again, and have their passwords changed. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class AccountLifecycleTest {

    private static final String NEW_PASSWORD = "a-new-password-1";

    @Test
    void shouldEndTheSessionsAndLoginsOfADeactivatedAccountAtOnce() {
        final String labeler = Api.newLabeler("leaver");
        final String session = Api.session(labeler);
        bearer(session).get("/api/v1/me").then().statusCode(200);

        admin().post("/api/v1/accounts/" + labeler + "/deactivation").then().statusCode(200)
                .body("active", is(false));

        bearer(session).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json");
        Api.as(labeler).post("/api/v1/sessions").then().statusCode(401);
        admin().get("/api/v1/accounts").then().statusCode(200)
                .body("find { it.username == '" + labeler + "' }.active", is(false));
        admin().post("/api/v1/accounts/" + labeler + "/deactivation").then().statusCode(200);

        admin().body(Map.of("password", NEW_PASSWORD)).post("/api/v1/accounts/" + labeler + "/activation")
                .then().statusCode(200).body("active", is(true));
        Api.as(labeler).post("/api/v1/sessions").then().statusCode(401);
        given().auth().preemptive().basic(labeler, NEW_PASSWORD).post("/api/v1/sessions").then().statusCode(201);
        bearer(session).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void shouldRefuseToDeactivateYourselfOrAnAccountThatDoesNotExist() {
        admin().post("/api/v1/accounts/admin/deactivation").then().statusCode(409)
                .contentType("application/problem+json").body("type", is("https://labelstream.io/problems/own-account"));
        admin().post("/api/v1/accounts/nobody-here/deactivation").then().statusCode(404)
                .contentType("application/problem+json");
        final String labeler = Api.session(Api.newLabeler("curious"));
        bearer(labeler).post("/api/v1/accounts/admin/deactivation").then().statusCode(403);
    }

    @Test
    void shouldLetPeopleChangeTheirOwnPasswordGivingTheCurrentOne() {
        final String labeler = Api.newLabeler("mover");
        final String session = Api.session(labeler);

        bearer(session).body(Map.of("currentPassword", "not-my-password", "newPassword", NEW_PASSWORD))
                .put("/api/v1/me/password").then().statusCode(403).contentType("application/problem+json");
        bearer(session).body(Map.of("currentPassword", Api.LABELER_PASSWORD, "newPassword", "short"))
                .put("/api/v1/me/password").then().statusCode(422).contentType("application/problem+json")
                .body("errors", hasItem("newPassword: at least 10 characters"));
        bearer(session).body(Map.of("currentPassword", Api.LABELER_PASSWORD, "newPassword", NEW_PASSWORD))
                .put("/api/v1/me/password").then().statusCode(204);

        bearer(session).get("/api/v1/me").then().statusCode(401);
        Api.as(labeler).post("/api/v1/sessions").then().statusCode(401);
        given().auth().preemptive().basic(labeler, NEW_PASSWORD).post("/api/v1/sessions").then().statusCode(201);
    }

    @Test
    void shouldMakeAnAccountWaitAfterFiveFailedLoginsEvenWithTheRightPassword() {
        final String labeler = Api.newLabeler("guessed");
        for (int i = 0; i < 5; i++) {
            given().auth().preemptive().basic(labeler, "guess-number-" + i).post("/api/v1/sessions").then()
                    .statusCode(401);
        }

        Api.as(labeler).post("/api/v1/sessions").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("type", is("https://labelstream.io/problems/too-many-failed-logins"));
        Api.session(Api.newLabeler("bystander"));
    }

    @Test
    void shouldLetAnAdminSetAPasswordAndEndTheAccountsSessions() {
        final String labeler = Api.newLabeler("forgetful");
        final String session = Api.session(labeler);

        admin().body(Map.of("password", NEW_PASSWORD)).put("/api/v1/accounts/" + labeler + "/password")
                .then().statusCode(204);

        bearer(session).get("/api/v1/me").then().statusCode(401);
        given().auth().preemptive().basic(labeler, NEW_PASSWORD).post("/api/v1/sessions").then().statusCode(201);
        admin().contentType(ContentType.JSON).body("{}").put("/api/v1/accounts/" + labeler + "/password")
                .then().statusCode(422).contentType("application/problem+json");
    }
}
