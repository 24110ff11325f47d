package io.labelstream.labeling.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.schemas.events.Label;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many labelers claim and answer at once: no item is held by more labelers than it needs, no answer is lost. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ConcurrentLabelersTest {

    private static final int LABELERS = 24;
    private static final int ITEMS = 60;
    private static final int PER_ITEM = 2;
    private static final Pattern ASSIGNMENT = Pattern.compile("\"assignmentId\":\"([0-9a-f-]{36})\"");

    @TestHTTPResource
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldNeverDoubleAssignAndNeverLoseAnAnswerWhenEveryoneClaimsAtOnce() throws Exception {
        final String project = "cc-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, PER_ITEM, PER_ITEM, 0.9, 0));
        IntStream.range(0, ITEMS).forEach(i -> QueueFlowTest.addItem(project, "item-" + i, "text " + i));
        final List<String> tokens = IntStream.range(0, LABELERS).mapToObj(i -> QueueFlowTest.session("crowd")).toList();
        final HttpClient http = HttpClient.newHttpClient();

        final ExecutorService pool = Executors.newFixedThreadPool(LABELERS);
        final List<Future<Integer>> accepted = new ArrayList<>();
        for (final String token : tokens) {
            accepted.add(pool.submit(labelUntilEmpty(http, token, project)));
        }
        int receipts = 0;
        for (final Future<Integer> future : accepted) {
            receipts += future.get();
        }
        pool.shutdown();

        assertThat(receipts).isEqualTo(ITEMS * PER_ITEM);
        assertThat(count("SELECT count(*) FROM labeling.assignment WHERE project_id = ? AND status = 'submitted'",
                project)).isEqualTo(ITEMS * PER_ITEM);
        assertThat(count("""
                SELECT count(*) FROM (SELECT task_pk FROM labeling.assignment WHERE project_id = ?
                                      GROUP BY task_pk HAVING count(*) <> ?) wrong
                """, project, PER_ITEM)).as("tasks not held by exactly %d labelers", PER_ITEM).isZero();
        assertThat(count("""
                SELECT count(*) FROM (SELECT task_pk, account_id FROM labeling.assignment WHERE project_id = ?
                                      GROUP BY task_pk, account_id HAVING count(*) > 1) twice
                """, project)).isZero();
        assertThat(count("SELECT count(*) FROM labeling.task WHERE project_id = ? AND status = 'final' AND leased = 0",
                project)).isEqualTo(ITEMS);
        final List<Label> labels = TopicsAndTables.labelsOf(dataSource, project);
        assertThat(labels).hasSize(ITEMS);
        assertThat(labels.stream().map(Label::labelId).distinct()).hasSize(ITEMS);
        assertThat(labels).allSatisfy(label -> assertThat(label.annotations()).hasSize(PER_ITEM));
    }

    private Callable<Integer> labelUntilEmpty(final HttpClient http, final String token, final String project) {
        return () -> {
            int accepted = 0;
            while (true) {
                final HttpResponse<String> next = http.send(request(token, "/api/v1/assignments?project=" + project, ""),
                        HttpResponse.BodyHandlers.ofString());
                if (next.statusCode() == 204) {
                    return accepted;
                }
                assertThat(next.statusCode()).isEqualTo(200);
                final Matcher id = ASSIGNMENT.matcher(next.body());
                assertThat(id.find()).isTrue();
                final HttpResponse<String> answer = http.send(request(token,
                        "/api/v1/assignments/" + id.group(1) + "/answer",
                        "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"label\":\"spam\"}"),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                accepted++;
            }
        };
    }

    private HttpRequest request(final String token, final String path, final String body) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private long count(final String sql, final Object... parameters) {
        return TopicsAndTables.count(dataSource, sql, parameters);
    }
}
