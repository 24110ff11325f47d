package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.labelstream.labeling.Api;
import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.ITEMS_CLEAN + ","
                + Topics.ITEMS_DUPLICATES + ","
                + Topics.TASKS_LABELING + ","
                + Topics.LABELS + ","
                + Topics.MODELS + ","
                + Topics.TRAINING_PROGRESS + ","
                + Topics.PROJECTS))
@WithTestResource(PostgresTestResource.class)
class ProjectApiTest {

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
    void shouldRefuseToCreateAnExistingProjectWithPost() {
        final Map<String, Object> project = Api.textProject("papi-post", 1, 1, 0.9, 0);
        admin().body(project).post("/api/v1/projects").then().statusCode(201)
                .header("Location", containsString("/api/v1/projects/papi-post"));

        admin().body(project).post("/api/v1/projects").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("project-exists"));
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
