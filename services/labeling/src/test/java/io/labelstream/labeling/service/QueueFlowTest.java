package io.labelstream.labeling.service;

import static io.labelstream.labeling.Api.admin;
import static io.labelstream.labeling.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.schemas.events.Label;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class QueueFlowTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LeaseExpiryService leases;

    @Test
    void shouldFinaliseWhenTheMinimumAgreesAndPublishTheLabelOnce() {
        final String project = project(2, 4, 0.9, 0);
        addItem(project, "item-1", "Win a prize now");
        final String alice = session("alice");
        final String bob = session("bob");

        answer(alice, next(alice, project), "spam");
        answer(bob, next(bob, project), "spam");

        final List<Label> labels = TopicsAndTables.labelsOf(dataSource, project);
        assertThat(labels).hasSize(1);
        final Label label = labels.get(0);
        assertThat(label.label()).isEqualTo("spam");
        assertThat(label.itemId()).isEqualTo("item-1");
        assertThat(label.taskId()).isEqualTo(project + ":item-1");
        assertThat(label.source()).isEqualTo(Label.Source.human);
        assertThat(label.method()).isEqualTo(Label.Method.majority_vote);
        assertThat(label.confidence()).isEqualTo(1.0);
        assertThat(label.annotations()).extracting(Label.Annotation::labelerId).allMatch(id -> id.startsWith("lb-"))
                .doesNotContain("alice", "bob");
        assertThat(TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.final_label WHERE project_id = ?",
                project)).isEqualTo(1);
    }

    @Test
    void shouldNeverGiveTheSameItemTwiceToOneLabeler() {
        final String project = project(3, 3, 0.9, 0);
        addItem(project, "once", "hello");
        final String alice = session("alice");

        answer(alice, next(alice, project), "ham");

        bearer(alice).post("/api/v1/assignments?project=" + project).then().statusCode(204);
    }

    @Test
    void shouldNotLeaseAnItemToMoreLabelersThanItNeeds() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "single", "hello");
        final String alice = session("alice");
        final String bob = session("bob");

        next(alice, project);

        bearer(bob).post("/api/v1/assignments?project=" + project).then().statusCode(204);
    }

    @Test
    void shouldServeClientsThatSendNoBodyAndNoContentType() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "plain-client", "hello");
        final String username = Api.newLabeler("curl");
        final String token = io.restassured.RestAssured.given().auth().preemptive().basic(username, Api.LABELER_PASSWORD)
                .post("/api/v1/sessions").then().statusCode(201).extract().path("token");

        io.restassured.RestAssured.given().header("Authorization", "Bearer " + token)
                .post("/api/v1/assignments?project=" + project).then().statusCode(200).body("text", is("hello"));
    }

    @Test
    void shouldReturnTheSameLeaseWhenAskedAgain() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "a", "first");
        addItem(project, "b", "second");
        final String alice = session("alice");

        assertThat(next(alice, project)).isEqualTo(next(alice, project));
    }

    @Test
    void shouldAskMoreLabelersOnDisagreementAndLeaveATieAtTheMaximumUnresolved() {
        final String project = project(2, 4, 0.9, 0);
        addItem(project, "hard", "maybe");
        final List<String> labelers = List.of(session("a"), session("b"), session("c"), session("d"), session("e"));

        answer(labelers.get(0), next(labelers.get(0), project), "ham");
        answer(labelers.get(1), next(labelers.get(1), project), "spam");
        answer(labelers.get(2), next(labelers.get(2), project), "spam");
        answer(labelers.get(3), next(labelers.get(3), project), "ham");

        bearer(labelers.get(4)).post("/api/v1/assignments?project=" + project).then().statusCode(204);
        admin().get("/api/v1/projects/" + project + "/tasks?status=unresolved").then().statusCode(200)
                .body("size()", is(1)).body("[0].answered", is(4)).body("[0].answers.size()", is(4));
        assertThat(TopicsAndTables.labelsOf(dataSource, project)).isEmpty();

        admin().body(Map.of("label", "spam")).post("/api/v1/projects/" + project + "/tasks/" + project + ":hard/decision")
                .then().statusCode(200).body("method", is("adjudicated")).body("annotations.size()", is(4));
        admin().body(Map.of("label", "ham")).post("/api/v1/projects/" + project + "/tasks/" + project + ":hard/decision")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(TopicsAndTables.labelsOf(dataSource, project)).singleElement()
                .satisfies(label -> assertThat(label.method()).isEqualTo(Label.Method.adjudicated));
    }

    @Test
    void shouldStopAtTheTargetAfterOneExtraLabeler() {
        final String project = project(2, 5, 0.6, 0);
        addItem(project, "third-decides", "maybe");
        final List<String> labelers = List.of(session("a"), session("b"), session("c"), session("d"));

        answer(labelers.get(0), next(labelers.get(0), project), "ham");
        answer(labelers.get(1), next(labelers.get(1), project), "spam");
        answer(labelers.get(2), next(labelers.get(2), project), "spam");

        bearer(labelers.get(3)).post("/api/v1/assignments?project=" + project).then().statusCode(204);
        final List<Label> labels = TopicsAndTables.labelsOf(dataSource, project);
        assertThat(labels).singleElement().satisfies(label -> {
            assertThat(label.label()).isEqualTo("spam");
            assertThat(label.confidence()).isEqualTo(2.0 / 3);
            assertThat(label.annotations()).hasSize(3);
        });
    }

    @Test
    void shouldTakeTheSameSubmissionOnceAndRefuseItsIdOnAnotherAssignment() {
        final Leased held = aliceHoldingTheFirstOfTwoItems();
        final String project = held.project();
        final String alice = held.labeler();
        final String first = held.assignment();

        final Map<String, String> submission = Map.of("submissionId", "sub-1", "label", "ham");
        bearer(alice).body(submission).post("/api/v1/assignments/" + first + "/answer").then().statusCode(200)
                .body("status", is("accepted"));
        bearer(alice).body(submission).post("/api/v1/assignments/" + first + "/answer").then().statusCode(200)
                .body("assignmentId", is(first)).body("label", is("ham"));

        final String second = next(alice, project);
        bearer(alice).body(submission).post("/api/v1/assignments/" + second + "/answer").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("submission-id-reused"));
        assertThat(submittedAnswers(project))
                .isEqualTo(1);
    }

    @Test
    void shouldAnswerAndLeaseTheNextTaskInOneCall() {
        final Leased held = aliceHoldingTheFirstOfTwoItems();
        final String project = held.project();
        final String alice = held.labeler();
        final String first = held.assignment();
        final Map<String, String> submission = Map.of("submissionId", "sub-1", "label", "ham");

        final String second = bearer(alice).body(submission)
                .post("/api/v1/assignments/" + first + "/answer-and-next").then().statusCode(200)
                .body("receipt.assignmentId", is(first)).body("receipt.project", is(project))
                .body("receipt.status", is("accepted")).body("nextRefused", nullValue())
                .body("next.project", is(project)).body("next.text", is("two"))
                .extract().path("next.assignmentId");
        bearer(alice).body(submission).post("/api/v1/assignments/" + first + "/answer-and-next").then()
                .statusCode(200).body("receipt.label", is("ham")).body("next.assignmentId", is(second));
        bearer(alice).body(Map.of("submissionId", "sub-2", "label", "spam"))
                .post("/api/v1/assignments/" + second + "/answer-and-next").then().statusCode(200)
                .body("receipt.status", is("accepted")).body("next", nullValue()).body("nextRefused", nullValue());

        assertThat(submittedAnswers(project))
                .isEqualTo(2);
        bearer(alice).body(Map.of("submissionId", "sub-3", "label", "maybe"))
                .post("/api/v1/assignments/" + second + "/answer-and-next").then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void shouldKeepAnAnswerThatSuspendedItsLabelerAndSayWhyNoNextTaskCame() {
        final String project = project(2, 3, 0.9, 1.0);
        for (int i = 0; i < 5; i++) {
            admin().body(Map.of("itemId", "gold-" + i, "text", "gold " + i, "answer", "spam"))
                    .post("/api/v1/projects/" + project + "/gold").then().statusCode(201);
        }
        final String careless = session("careless");
        String assignment = next(careless, project);
        Map<String, Object> refused = null;
        for (int i = 0; i < 5 && refused == null; i++) {
            final JsonPath reply = bearer(careless)
                    .body(Map.of("submissionId", UUID.randomUUID().toString(), "label", "ham"))
                    .post("/api/v1/assignments/" + assignment + "/answer-and-next").then().statusCode(200)
                    .body("receipt.status", is("accepted")).extract().jsonPath();
            refused = reply.getMap("nextRefused");
            assignment = reply.getString("next.assignmentId");
        }

        assertThat(refused).as("the answer that crossed the gold bar leases nothing more").isNotNull();
        assertThat(refused.get("type").toString()).contains("suspended");
        assertThat(refused.get("status")).isEqualTo(403);
        assertThat(assignment).isNull();
        assertThat(submittedAnswers(project))
                .isEqualTo(5);
    }

    @Test
    void shouldRefuseALabelOutsideTheProjectsSet() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "z", "one");
        final String alice = session("alice");
        final String assignment = next(alice, project);

        bearer(alice).body(Map.of("submissionId", "s", "label", "eggs"))
                .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0]", containsString("[ham, spam]"));
    }

    @Test
    void shouldRefuseAnAnswerOnAnExpiredLeaseThatWasReassigned() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "slow", "one");
        final String alice = session("alice");
        final String bob = session("bob");
        final String lost = next(alice, project);
        expireLeasesOf(project);

        final String taken = next(bob, project);

        bearer(alice).body(Map.of("submissionId", "late", "label", "ham"))
                .post("/api/v1/assignments/" + lost + "/answer").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("lease-expired"))
                .body("detail", containsString("given to other labelers"));
        answer(bob, taken, "spam");
    }

    @Test
    void shouldStillTakeALateAnswerWhenNobodyTookTheSlot() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "late-ok", "one");
        final String alice = session("alice");
        final String assignment = next(alice, project);
        expireLeasesOf(project);

        answer(alice, assignment, "ham");

        assertThat(TopicsAndTables.labelsOf(dataSource, project)).hasSize(1);
    }

    @Test
    void shouldParkAnItemFlaggedByEnoughLabelers() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "rude", "something offensive");
        final String alice = session("alice");
        final String bob = session("bob");
        final String carol = session("carol");

        bearer(alice).body(Map.of("flag", "offensive", "comment", "insults"))
                .post("/api/v1/assignments/" + next(alice, project) + "/skip").then().statusCode(204);
        bearer(bob).body(Map.of("flag", "offensive"))
                .post("/api/v1/assignments/" + next(bob, project) + "/skip").then().statusCode(204);

        bearer(carol).post("/api/v1/assignments?project=" + project).then().statusCode(204);
        admin().get("/api/v1/projects/" + project + "/tasks?status=flagged").then().statusCode(200)
                .body("size()", is(1)).body("[0].flags", is(2)).body("[0].answers[0].comment", is("insults"));
    }

    @Test
    void shouldRefuseAnUnknownFlag() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "f", "text");
        final String alice = session("alice");

        bearer(alice).body(Map.of("flag", "boring"))
                .post("/api/v1/assignments/" + next(alice, project) + "/skip").then().statusCode(422);
    }

    @Test
    void shouldShowGoldItemsExactlyLikeOtherItems() {
        final String regular = project(1, 1, 0.9, 0);
        addItem(regular, "r", "plain text");
        final String goldOnly = project(1, 1, 0.9, 1.0);
        admin().body(Map.of("itemId", "g", "text", "gold text", "answer", "spam"))
                .post("/api/v1/projects/" + goldOnly + "/gold").then().statusCode(201);
        final String alice = session("alice");

        final Response regularView = bearer(alice).post("/api/v1/assignments?project=" + regular);
        final Response goldView = bearer(alice).post("/api/v1/assignments?project=" + goldOnly);

        final Set<String> regularFields = regularView.jsonPath().getMap("").keySet().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.toSet());
        final Set<String> goldFields = goldView.jsonPath().getMap("").keySet().stream().map(Object::toString)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(goldFields).isEqualTo(regularFields)
                .doesNotContain("gold", "goldLabel", "reason", "itemId", "prediction", "answers");
        assertThat(goldView.asString()).doesNotContain("spam").contains("gold text");
        assertThat(goldView.jsonPath().getString("taskId")).as("the same shape as any task id").isEqualTo(goldOnly + ":g");
        assertThat(regularView.jsonPath().getString("taskId")).isEqualTo(regular + ":r");
        admin().body(Map.of("itemId", "r", "text", "plain text", "answer", "spam"))
                .post("/api/v1/projects/" + regular + "/gold").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("item-queued"));
        admin().body(Map.of("itemId", "g", "text", "gold text", "answer", "spam"))
                .post("/api/v1/projects/" + goldOnly + "/gold").then().statusCode(200);
    }

    @Test
    void shouldSuspendALabelerBelowTheGoldBarAndStopCountingTheirOpenAnswers() {
        final String project = project(2, 3, 0.9, 1.0);
        addItem(project, "regular", "text");
        final String careless = session("careless");
        answer(careless, next(careless, project), "ham");
        for (int i = 0; i < 5; i++) {
            admin().body(Map.of("itemId", "gold-" + i, "text", "gold " + i, "answer", "spam"))
                    .post("/api/v1/projects/" + project + "/gold").then().statusCode(201);
        }

        for (int i = 0; i < 5; i++) {
            answer(careless, next(careless, project), "ham");
        }

        bearer(careless).post("/api/v1/assignments?project=" + project).then().statusCode(403)
                .contentType("application/problem+json").body("type", containsString("suspended"));
        admin().get("/api/v1/projects/" + project + "/tasks?status=open").then().statusCode(200)
                .body("find { it.itemId == 'regular' }.answered", is(0));
        admin().get("/api/v1/projects/" + project + "/quality").then().statusCode(200)
                .body("labelers[0].suspended", is(true)).body("labelers[0].goldAccuracy", is(0.0f));
    }

    private record Leased(String project, String labeler, String assignment) {
    }

    /** A project that wants one answer per item, its two items "one" and "two", and alice holding "one". */
    private static Leased aliceHoldingTheFirstOfTwoItems() {
        final String project = project(1, 1, 0.9, 0);
        addItem(project, "x", "one");
        addItem(project, "y", "two");
        final String alice = session("alice");
        return new Leased(project, alice, next(alice, project));
    }

    private long submittedAnswers(final String project) {
        return TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.assignment WHERE project_id = ? AND status = 'submitted'", project);
    }

    private void expireLeasesOf(final String project) {
        TopicsAndTables.count(dataSource, """
                WITH moved AS (UPDATE labeling.assignment SET expires_at = now() - interval '1 second'
                               WHERE project_id = ? AND status = 'leased' RETURNING 1)
                SELECT count(*) FROM moved
                """, project);
        leases.expire();
    }

    static String project(final int min, final int max, final double target, final double goldRate) {
        final String id = "q-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(id, min, max, target, goldRate));
        return id;
    }

    static void addItem(final String project, final String itemId, final String text) {
        admin().body(Map.of("itemId", itemId, "text", text)).post("/api/v1/projects/" + project + "/tasks")
                .then().statusCode(201);
    }

    static String session(final String name) {
        return Api.session(Api.newLabeler(name));
    }

    static String next(final String token, final String project) {
        return bearer(token).post("/api/v1/assignments?project=" + project).then().statusCode(200)
                .extract().path("assignmentId");
    }

    static void answer(final String token, final String assignment, final String label) {
        bearer(token).body(Map.of("submissionId", UUID.randomUUID().toString(), "label", label))
                .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(200);
    }
}
