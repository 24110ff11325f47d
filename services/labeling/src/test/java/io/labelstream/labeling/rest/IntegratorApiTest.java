package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static io.labelstream.labeling.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What an integrator of an external crowd platform needs: given tasks, bulk import and queuing, paging. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class IntegratorApiTest {

    private static final String NDJSON = "application/x-ndjson";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldHandAGivenTaskToALabelerUnderTheQueueRules() {
        final String project = project("given", 1, 1);
        final Map<String, String> taskIds = queue(project, List.of("first", "second", "third"));
        final String alice = Api.session(Api.newLabeler("alice"));
        final String bob = Api.session(Api.newLabeler("bob"));

        final Response claimed = claim(alice, project, taskIds.get("third"));
        claimed.then().statusCode(200).body("taskId", is(taskIds.get("third"))).body("text", is("text of third"));
        claim(alice, project, taskIds.get("third")).then().statusCode(200)
                .body("assignmentId", is(claimed.path("assignmentId").toString()));
        bearer(alice).body(Map.of("submissionId", "s-1", "label", "spam"))
                .post("/api/v1/assignments/" + claimed.path("assignmentId") + "/answer").then().statusCode(200);

        claim(alice, project, taskIds.get("third")).then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("task-already-held"));
        claim(bob, project, taskIds.get("third")).then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("task-not-available"));
        claim(bob, project, project + ":no-such-task").then().statusCode(404);
        bearer(bob).post("/api/v1/assignments?project=" + project).then().statusCode(200)
                .body("taskId", is(taskIds.get("first")));
    }

    @Test
    void shouldDecideImportedAnswersExactlyAsTheSameAnswersGivenOneByOne() {
        final String imported = project("imported", 2, 3);
        final String answered = project("answered", 2, 3);
        final List<String> items = IntStream.range(0, 12).mapToObj(i -> "item-" + i).toList();
        queue(imported, items);
        final Map<String, String> answeredTasks = queue(answered, items);
        final List<String[]> answers = answers(items);

        final StringBuilder lines = new StringBuilder();
        for (int k = 0; k < answers.size(); k++) {
            final String[] answer = answers.get(k);
            lines.append(Json.MAPPER.createObjectNode().put("answerId", "a-" + k).put("worker", answer[0])
                    .put("itemId", answer[1]).put("label", answer[2]).put("answeredAt", "2026-12-01T10:00:00Z"))
                    .append('\n');
            if (k == 3) {
                lines.append("{not json\n");
                lines.append("{\"answerId\": \"bad\", \"worker\": \"w1\", \"itemId\": \"item-0\", \"label\": \"eggs\"}\n");
                lines.append("{\"answerId\": \"nowhere\", \"worker\": \"w1\", \"itemId\": \"unknown\", \"label\": \"ham\"}\n");
            }
        }
        final List<JsonNode> results = ndjson(post("/api/v1/projects/" + imported + "/answers", lines.toString()));

        assertThat(results).hasSize(answers.size() + 3);
        assertThat(results.get(4).path("status").asText()).isEqualTo("refused");
        assertThat(results.get(4).path("line").asInt()).isEqualTo(5);
        assertThat(results.get(5).path("errors").toString()).contains("label: one of [ham, spam]");
        assertThat(results.get(6).path("errors").toString()).contains("no task for item unknown");
        assertThat(results.stream().filter(r -> r.path("status").asText().equals("accepted"))).hasSize(answers.size());

        final Map<String, String> sessions = new LinkedHashMap<>();
        for (final String[] answer : answers) {
            final String session = sessions.computeIfAbsent(answer[0], w -> Api.session(Api.newLabeler(w)));
            final String assignment = claim(session, answered, answeredTasks.get(answer[1])).then().statusCode(200)
                    .extract().path("assignmentId");
            bearer(session).body(Map.of("submissionId", UUID.randomUUID().toString(), "label", answer[2]))
                    .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(200);
        }

        final Map<String, String> importedLabels = decisions(imported);
        assertThat(importedLabels).hasSize(items.size()).isEqualTo(decisions(answered));
        assertThat(importedLabels.values()).as("some items needed a third answer")
                .anyMatch(decision -> decision.contains("0.667"));

        final List<JsonNode> again = ndjson(post("/api/v1/projects/" + imported + "/answers", lines.toString()));
        assertThat(again.stream().filter(r -> r.path("status").asText().equals("duplicate"))).hasSize(answers.size());
        assertThat(TopicsAndTables.labelsOf(dataSource, imported)).hasSize(items.size());

        final String elsewhere = project("elsewhere", 2, 3);
        queue(elsewhere, items);
        assertThat(ndjson(post("/api/v1/projects/" + elsewhere + "/answers", lines.toString())).stream()
                .filter(r -> r.path("status").asText().equals("accepted")))
                .as("answer ids are the integrator's per project").hasSize(answers.size());

        queue(imported, List.of("unknown"));
        assertThat(ndjson(post("/api/v1/projects/" + imported + "/answers",
                "{\"answerId\": \"nowhere\", \"worker\": \"w1\", \"itemId\": \"unknown\", \"label\": \"ham\"}\n")))
                .as("a refused answer id can be sent again once its item exists")
                .singleElement().satisfies(result -> assertThat(result.path("status").asText()).isEqualTo("accepted"));
    }

    @Test
    void shouldPageThroughTenThousandTasksAndThenOnlyThroughWhatChanged() {
        final String project = project("paging", 1, 1);
        final Map<String, String> taskIds = queue(project,
                IntStream.range(0, 10_000).mapToObj(i -> "page-item-" + i).toList());
        assertThat(taskIds).hasSize(10_000);

        final Set<String> seen = new HashSet<>();
        String url = "/api/v1/projects/" + project + "/tasks?limit=1000";
        int pages = 0;
        while (url != null) {
            final Response page = follow(url);
            page.then().statusCode(200);
            final List<String> ids = page.jsonPath().getList("taskId");
            assertThat(ids).hasSizeLessThanOrEqualTo(1000);
            seen.addAll(ids);
            pages++;
            url = nextLink(page);
        }
        assertThat(pages).isEqualTo(10);
        assertThat(seen).isEqualTo(new HashSet<>(taskIds.values()));

        final Instant since = Instant.now();
        final String labeler = Api.session(Api.newLabeler("pager"));
        final List<String> changed = List.of("page-item-7", "page-item-4242", "page-item-9999");
        for (final String item : changed) {
            final String assignment = claim(labeler, project, taskIds.get(item)).path("assignmentId");
            bearer(labeler).body(Map.of("submissionId", item, "label", "ham"))
                    .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(200);
        }
        final Response first = admin().get("/api/v1/projects/" + project + "/tasks?limit=2&status=final&updatedSince="
                + since);
        first.then().statusCode(200).header("X-Next-Cursor", org.hamcrest.Matchers.notNullValue());
        final Response second = follow(nextLink(first));
        second.then().statusCode(200);
        assertThat(nextLink(second)).isNull();
        final List<String> items = new ArrayList<>(first.jsonPath().getList("itemId"));
        items.addAll(second.jsonPath().getList("itemId"));
        assertThat(items).containsExactlyElementsOf(changed);

        admin().get("/api/v1/projects/" + project + "/tasks?cursor=nonsense").then().statusCode(422)
                .contentType("application/problem+json");
        admin().get("/api/v1/projects/" + project + "/tasks?lane=fast&updatedSince=yesterday").then().statusCode(422);
    }

    /** Workers' answers per item, in order: two agree on even items; on odd items they differ and a third decides. */
    private static List<String[]> answers(final List<String> items) {
        final List<String[]> answers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            final String truth = i % 3 == 0 ? "spam" : "ham";
            final String other = truth.equals("spam") ? "ham" : "spam";
            answers.add(new String[] {"w" + (i % 4), items.get(i), truth});
            answers.add(new String[] {"w" + ((i + 1) % 4), items.get(i), i % 2 == 0 ? truth : other});
            if (i % 2 == 1) {
                answers.add(new String[] {"w" + ((i + 2) % 4), items.get(i), truth});
            }
        }
        return answers;
    }

    private Map<String, String> decisions(final String project) {
        return TopicsAndTables.labelsOf(dataSource, project).stream().collect(Collectors.toMap(Label::itemId,
                label -> label.label() + " " + label.method() + " " + String.format("%.3f", label.confidence())));
    }

    private static String project(final String prefix, final int min, final int max) {
        final String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(id, min, max, 0.9, 0));
        return id;
    }

    /** Queues the items with one bulk request; returns each item's task id. */
    private static Map<String, String> queue(final String project, final List<String> items) {
        final String body = items.stream().map(item -> Json.MAPPER.createObjectNode().put("itemId", item)
                .put("text", "text of " + item).toString()).collect(Collectors.joining("\n"));
        final Map<String, String> taskIds = new LinkedHashMap<>();
        for (final JsonNode result : ndjson(post("/api/v1/projects/" + project + "/tasks", body))) {
            assertThat(result.path("status").asText()).isEqualTo("created");
            taskIds.put(result.path("itemId").asText(), result.path("taskId").asText());
        }
        return taskIds;
    }

    private static Response post(final String path, final String ndjson) {
        return admin().contentType(NDJSON).accept(NDJSON).body(ndjson.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    private static Response claim(final String session, final String project, final String taskId) {
        return bearer(session).post("/api/v1/assignments?project=" + project + "&taskId=" + taskId);
    }

    /** A URL from a Link header is encoded already. */
    private static Response follow(final String url) {
        return admin().urlEncodingEnabled(false).get(url);
    }

    private static String nextLink(final Response page) {
        final String link = page.header("Link");
        if (link == null) {
            return null;
        }
        final String uri = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        return uri.substring(uri.indexOf("/api/"));
    }

    private static List<JsonNode> ndjson(final Response response) {
        response.then().statusCode(200);
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : response.asString().split("\n")) {
            try {
                lines.add(Json.MAPPER.readTree(line));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }
}
