package io.labelstream.labeling.rest;

import static io.labelstream.labeling.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ExportTest {

    @Test
    void shouldStreamFinalLabelsAsJsonLinesAndCsv() throws Exception {
        final String project = "e-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));
        final List<String> items = List.of("plain", "with,comma", "with \"quotes\"", "=SUM(A1)");
        final String labeler = Api.session(Api.newLabeler("exporter"));
        for (final String item : items) {
            admin().body(Map.of("itemId", item, "text", "text of " + item)).post("/api/v1/projects/" + project + "/tasks")
                    .then().statusCode(201);
            final String assignment = Api.bearer(labeler).post("/api/v1/assignments?project=" + project)
                    .then().statusCode(200).extract().path("assignmentId");
            Api.bearer(labeler).body(Map.of("submissionId", UUID.randomUUID().toString(), "label", "ham"))
                    .post("/api/v1/assignments/" + assignment + "/answer").then().statusCode(200);
        }

        final Response jsonl = admin().get("/api/v1/projects/" + project + "/labels.jsonl");
        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(jsonl.header("Content-Length")).isNull();
        final List<String> lines = jsonl.asString().lines().toList();
        assertThat(lines).hasSize(items.size());
        for (final String line : lines) {
            assertThat(Json.MAPPER.readValue(line, Label.class).project()).isEqualTo(project);
        }

        final String csv = admin().get("/api/v1/projects/" + project + "/labels.csv").then().statusCode(200)
                .extract().asString();
        final List<String> rows = Arrays.asList(csv.split("\r\n"));
        assertThat(rows.get(0)).isEqualTo("label_id,item_id,task_id,label,method,confidence,annotations,labeled_at");
        assertThat(rows).hasSize(items.size() + 1);
        assertThat(csv).contains(",\"with,comma\",").contains(",\"with \"\"quotes\"\"\",").contains(",'=SUM(A1),");
    }

    @Test
    void shouldExportNothingButTheHeaderForAProjectWithoutLabels() {
        final String project = "e-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 1, 1, 0.9, 0));

        assertThat(admin().get("/api/v1/projects/" + project + "/labels.csv").asString().lines().toList()).hasSize(1);
        admin().get("/api/v1/projects/none-such/labels.csv").then().statusCode(404);
    }
}
