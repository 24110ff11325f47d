package io.labelstream.labeling.kafka;

import static io.labelstream.labeling.TopicsAndTables.sendTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class TaskConsumerTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldCreateEachTaskOnceHoweverOftenItIsDeliveredAndSkipWhatIsNotATask() {
        final String project = "c-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 2, 3, 0.9, 0));
        final List<LabelingTask> tasks = List.of(task(project, "a", 0.9), task(project, "b", 0.5), task(project, "c", 0.7));

        try (KafkaProducer<String, String> producer = TopicsAndTables.producer()) {
            for (final LabelingTask task : tasks) {
                sendTask(producer, task);
                sendTask(producer, task);
            }
            producer.send(new ProducerRecord<>(Topics.TASKS_LABELING, "junk", "{not json"));
            sendTask(producer, task("no-such-project", "x", 1));
            sendTask(producer, new LabelingTask(LabelingTask.VERSION, project + ":img", "img", project, ItemKind.image,
                    LabelingTask.Reason.uncertain, 1, null, "iVBORw0KGgo=", null, null, Instant.now()));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(project) == 3);

        // a replay of everything, followed by a marker: once the marker is in, the replay was handled
        try (KafkaProducer<String, String> producer = TopicsAndTables.producer()) {
            tasks.forEach(task -> sendTask(producer, task));
            sendTask(producer, task(project, "marker", 0.1));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(project) == 4);

        assertThat(tasksOf(project)).isEqualTo(4);
        final String labeler = Api.session(Api.newLabeler("consumer"));
        Api.bearer(labeler).post("/api/v1/assignments?project=" + project).then().statusCode(200)
                .body("text", org.hamcrest.Matchers.is("text of a"));
    }

    private long tasksOf(final String project) {
        return TopicsAndTables.count(dataSource, "SELECT count(*) FROM labeling.task WHERE project_id = ?", project);
    }

    private static LabelingTask task(final String project, final String item, final double priority) {
        return new LabelingTask(LabelingTask.VERSION, project + ":" + item, item, project, ItemKind.text,
                LabelingTask.Reason.uncertain, priority, "text of " + item, null, null,
                new RawRef("items.raw", 0, 42, "test", item), Instant.now());
    }
}
