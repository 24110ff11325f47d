package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.labelstream.inference.domain.Router;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.service.PredictionMetrics;
import io.labelstream.inference.service.ProjectDirectory;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class MicroBatchingTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    ModelRegistry registry;

    @Inject
    ProjectDirectory projects;

    @Inject
    Router router;

    @Inject
    PredictionMetrics metrics;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldCloseABatchOnceThePartitionsAreDrainedInsteadOfWaitingOutMaxWait() {
        final String project = "drained-" + UUID.randomUUID();
        final List<String> itemIds = IntStream.range(0, 5).mapToObj(i -> project + "-" + i).toList();
        itemIds.forEach(id -> KafkaIo.send(Topics.ITEMS_CLEAN, id, KafkaIo.textItem(project, id, "hello " + id)));

        try (PredictionLoop loop = new PredictionLoop(kafka, new PredictionLoop.Settings("drained-" + project,
                "drained-" + project, false, 10_000, HOUR, HOUR, Duration.ofSeconds(30)),
                registry, projects, router, metrics)) {
            loop.init();
            final List<PredictionLoop.Pending> batch = loop.nextBatch();

            assertThat(batch).extracting(pending -> pending.record().key()).containsAll(itemIds);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldCloseABatchOnceFull() {
        final String project = "full-" + UUID.randomUUID();
        IntStream.range(0, 5).mapToObj(i -> project + "-" + i)
                .forEach(id -> KafkaIo.send(Topics.ITEMS_CLEAN, id, KafkaIo.textItem(project, id, "hello " + id)));

        try (PredictionLoop loop = new PredictionLoop(kafka, new PredictionLoop.Settings("full-" + project,
                "full-" + project, false, 3, HOUR, HOUR, Duration.ofSeconds(30)),
                registry, projects, router, metrics)) {
            loop.init();

            assertThat(loop.nextBatch()).hasSize(3);
        }
    }
}
