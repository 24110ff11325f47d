package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.labeling.service.OutboxWriter;
import io.labelstream.schemas.EventSchemas;
import io.labelstream.schemas.EventType;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ProjectApiTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxWriter outbox;

    @Test
    void shouldCreateAProjectAndKeepTheRevisionWhenTheSameDefinitionIsSentAgain() {
        final Map<String, Object> project = Api.textProject("papi-same", 2, 4, 0.9, 0.1);

        admin().body(project).put("/api/v1/projects/papi-same").then().statusCode(201).body("revision", is(1));
        admin().body(project).put("/api/v1/projects/papi-same").then().statusCode(200).body("revision", is(1));

        final Map<String, Object> changed = new HashMap<>(project);
        changed.put("instructions", "Changed");
        admin().body(changed).put("/api/v1/projects/papi-same").then().statusCode(200)
                .body("revision", is(2)).body("instructions", is("Changed"));
        admin().get("/api/v1/projects/papi-same").then().statusCode(200).body("revision", is(2));
    }

    @Test
    void shouldPublishEveryChangeOnceToTheProjectsTopic() throws Exception {
        final Map<String, Object> project = Api.textProject("papi-topic", 1, 3, 0.8, 0.05);
        admin().body(project).put("/api/v1/projects/papi-topic").then().statusCode(201);
        admin().body(project).put("/api/v1/projects/papi-topic").then().statusCode(200);
        final Map<String, Object> changed = new HashMap<>(project);
        changed.put("goldRate", 0.1);
        admin().body(changed).put("/api/v1/projects/papi-topic").then().statusCode(200);

        TopicsAndTables.awaitOutboxDrained(dataSource);
        final List<Project> published = new java.util.ArrayList<>();
        for (final String value : TopicsAndTables.committedValues(Topics.PROJECTS)) {
            final Project event = Json.MAPPER.readValue(value, Project.class);
            if (event.id().equals("papi-topic")) {
                published.add(event);
                assertThat(EventSchemas.validate(EventType.PROJECT, Project.VERSION, Json.MAPPER.readTree(value))).isEmpty();
            }
        }
        assertThat(published).extracting(Project::revision).containsExactly(1L, 2L);
        assertThat(published.get(1).goldRate()).isEqualTo(0.1);
    }

    @Test
    void shouldPruneOnlyWhatTheRelayHasPublished() {
        Api.createProject(Api.textProject("papi-prune", 1, 1, 0.9, 0));
        TopicsAndTables.awaitOutboxDrained(dataSource);

        assertThat(outbox.prunePublished(Duration.ZERO)).isPositive();

        assertThat(TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.outbox")).isZero();
    }

    @Test
    void shouldDocumentTheApiInOpenApi() {
        io.restassured.RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/api/v1/projects", "/api/v1/assignments",
                        "/api/v1/assignments/{id}/answer", "/api/v1/projects/{project}/labels.csv"));
    }

    @Test
    void shouldRefuseToCreateAnExistingProjectWithPost() {
        final Map<String, Object> project = Api.textProject("papi-post", 1, 1, 0.9, 0);
        admin().body(project).post("/api/v1/projects").then().statusCode(201)
                .header("Location", containsString("/api/v1/projects/papi-post"));

        admin().body(project).post("/api/v1/projects").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("project-exists"));
    }

    @Test
    void shouldPublishTheServicesConsensusPolicyWithAProjectThatSetsNone() {
        admin().body(Api.textProject("papi-consensus", 2, 3, 0.8, 0)).put("/api/v1/projects/papi-consensus")
                .then().statusCode(201)
                .body("consensus.method", is("dawid_skene"))
                .body("consensus.minAnswersForModel", is(30))
                .body("consensus.refitEverySeconds", is(30))
                .body("consensus.stragglerAfterMinutes", is(1440))
                .body("consensus.stragglers", is("decide"));

        final Map<String, Object> own = new HashMap<>(Api.textProject("papi-consensus", 2, 3, 0.8, 0));
        own.put("consensus", Map.of("method", "majority_vote", "minAnswersForModel", 100, "refitEverySeconds", 600,
                "stragglerAfterMinutes", 60, "stragglers", "admin"));
        admin().body(own).put("/api/v1/projects/papi-consensus").then().statusCode(200)
                .body("revision", is(2)).body("consensus.method", is("majority_vote"))
                .body("consensus.stragglers", is("admin"));
    }

    @Test
    void shouldNameEveryInvalidConsensusSetting() {
        final Map<String, Object> project = new HashMap<>(Api.textProject("papi-bad-consensus", 2, 3, 0.8, 0));
        project.put("consensus", Map.of("method", "loudest_voice", "minAnswersForModel", 0, "refitEverySeconds", 0,
                "stragglerAfterMinutes", 0, "stragglers", "ignore"));

        admin().body(project).put("/api/v1/projects/papi-bad-consensus").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasItem(containsString("$.consensus.method")))
                .body("errors", hasItem(containsString("$.consensus.minAnswersForModel")))
                .body("errors", hasItem(containsString("$.consensus.refitEverySeconds")))
                .body("errors", hasItem(containsString("$.consensus.stragglerAfterMinutes")))
                .body("errors", hasItem(containsString("$.consensus.stragglers")));
    }

    @Test
    void shouldListEveryInvalidFieldInOneProblem() {
        final Map<String, Object> project = new HashMap<>(Api.textProject("Bad Id!", 3, 2, 0.4, 1.5));
        project.put("labels", List.of(Map.of("name", "only-one")));

        admin().body(project).post("/api/v1/projects").then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", is(422))
                .body("errors", hasItem(containsString("$.id")))
                .body("errors", hasItem(containsString("$.labels")))
                .body("errors", hasItem(containsString("$.goldRate")))
                .body("errors", hasItem(containsString("$.redundancy.agreementTarget")));
    }

    @Test
    void shouldCheckRulesTheSchemaCannotExpress() {
        final Map<String, Object> project = new HashMap<>(Api.textProject("papi-rules", 3, 2, 0.9, 0));
        project.put("labels", List.of(Map.of("name", "a", "hotkey", "x"), Map.of("name", "a", "hotkey", "x")));

        admin().body(project).put("/api/v1/projects/papi-rules").then().statusCode(422)
                .body("errors", hasItem(containsString("minLabelers must not exceed maxLabelers")))
                .body("errors", hasItem(containsString("the name 'a' appears twice")))
                .body("errors", hasItem(containsString("the hotkey 'x' appears twice")));
    }

    @Test
    void shouldRejectUnknownFieldsAndMalformedJson() {
        final Map<String, Object> project = new HashMap<>(Api.textProject("papi-unknown", 1, 2, 0.9, 0));
        project.put("minLabeler", 3);
        admin().body(project).put("/api/v1/projects/papi-unknown").then().statusCode(422)
                .body("errors", hasItem(containsString("minLabeler")));

        admin().body("{\"id\": ").put("/api/v1/projects/papi-broken").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void shouldAnswerAnUnknownProjectWithAProblem() {
        admin().get("/api/v1/projects/no-such-project").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-project"));
    }
}
