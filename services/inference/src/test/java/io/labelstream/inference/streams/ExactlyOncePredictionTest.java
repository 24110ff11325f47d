package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.service.Champion;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.inference.support.TestModels;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class ExactlyOncePredictionTest {

    @Inject
    PredictionPipeline pipeline;

    @Inject
    ModelRegistry registry;

    @Inject
    InferenceConfig config;

    @Test
    void shouldPredictEveryCleanItemExactlyOnceAcrossACrashARestartAndAHotSwap() throws Exception {
        final String project = "exactly-once-" + UUID.randomUUID();
        final Path store = config.resolvedModelStore();
        KafkaIo.send(Topics.PROJECTS, project,
                KafkaIo.textProject(project, 0.99, 0.0, Project.UncertaintyMeasure.margin));
        final ModelEvent v1 = TestModels.promotedTextModel(store, project, "v1", 1, 0.9);
        KafkaIo.send(Topics.MODELS, project, v1);
        awaitChampion(project, "v1");

        // a crash: one batch's offsets and predictions inside a transaction that never commits
        pipeline.stopLoops();
        final PredictionLoop crashing = pipeline.newLoop(0);
        crashing.init();
        sendItems(project, 0, 40);
        List<PredictionLoop.Pending> batch = List.of();
        while (batch.isEmpty()) {
            batch = crashing.nextBatch();
        }
        crashing.open(batch);
        crashing.send(crashing.decide(batch));
        crashing.abandon();

        // a restart with the same transactional id aborts the open transaction and predicts from the committed offset
        pipeline.startLoops();
        sendItems(project, 40, 40);
        awaitPredictions(project, 80);
        pipeline.stopLoops();
        pipeline.startLoops();
        sendItems(project, 80, 20);
        awaitPredictions(project, 100);

        // hot swap while a batch still holds the old champion
        final int openBefore = registry.openModels();
        final Optional<Champion.Lease> inFlight = registry.lease(project);
        assertThat(inFlight).isPresent();
        KafkaIo.send(Topics.MODELS, project, TestModels.promotedTextModel(store, project, "v2", 2, 0.9));
        awaitChampion(project, "v2");
        assertThat(registry.openModels()).as("the old model stays open while a batch uses it").isEqualTo(openBefore + 1);
        assertThat(inFlight.get().champion().modelVersion()).isEqualTo("v1");
        inFlight.get().close();
        assertThat(registry.openModels()).as("the old model is closed after its last batch").isEqualTo(openBefore);
        sendItems(project, 100, 40);

        final List<Prediction> predictions = KafkaIo.readCommitted(Topics.PREDICTIONS, Prediction.class,
                prediction -> prediction.project().equals(project), found -> distinctItems(found) >= 140,
                Duration.ofSeconds(90), Duration.ofSeconds(3));
        final Map<String, List<Prediction>> byItem = predictions.stream()
                .collect(Collectors.groupingBy(Prediction::itemId));
        assertThat(byItem).hasSize(140);
        assertThat(byItem.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        assertThat(predictions).extracting(Prediction::modelVersion).containsOnly("v1", "v2");
        final Map<String, String> versionOf = predictions.stream()
                .collect(Collectors.toMap(Prediction::itemId, Prediction::modelVersion, (a, b) -> a));
        assertThat(IntStream.range(100, 140).mapToObj(i -> versionOf.get(itemId(project, i))))
                .as("items sent after the swap").containsOnly("v2");
        assertThat(IntStream.range(0, 100).mapToObj(i -> versionOf.get(itemId(project, i))))
                .as("items predicted before the swap").containsOnly("v1");
        assertOneRoutingDecisionPerItem(project, byItem.keySet());
        assertThat(predictions).allSatisfy(prediction -> {
            assertThat(prediction.probabilities()).hasSize(2);
            assertThat(prediction.probabilities().stream().mapToDouble(p -> p.probability()).sum())
                    .isCloseTo(1.0, within(1e-4));
            assertThat(prediction.lineage().sourceItemId()).isEqualTo(prediction.itemId());
            assertThat(prediction.latencyMs()).isGreaterThanOrEqualTo(0.0);
        });
    }

    /** No QA sample in this project: an item is routed by exactly one label or exactly one task, never both. */
    private static void assertOneRoutingDecisionPerItem(final String project, final Set<String> items) {
        final List<String> labeled = KafkaIo.readCommitted(Topics.LABELS, Label.class,
                label -> label.project().equals(project), found -> true, Duration.ZERO, Duration.ofSeconds(2))
                .stream().map(Label::itemId).toList();
        final List<String> tasked = KafkaIo.readCommitted(Topics.TASKS_LABELING, LabelingTask.class,
                task -> task.project().equals(project), found -> found.size() + labeled.size() >= items.size(),
                Duration.ofSeconds(30), Duration.ofSeconds(2))
                .stream().map(LabelingTask::itemId).toList();
        final List<String> routed = new ArrayList<>(labeled);
        routed.addAll(tasked);
        assertThat(routed).as("one routing record per item, the aborted attempt's invisible")
                .containsExactlyInAnyOrderElementsOf(items);
    }

    private void awaitChampion(final String project, final String version) throws InterruptedException {
        for (int i = 0; i < 300 && !registry.championVersion(project).equals(Optional.of(version)); i++) {
            Thread.sleep(100);
        }
        assertThat(registry.championVersion(project)).contains(version);
    }

    private static void awaitPredictions(final String project, final int count) {
        final List<Prediction> found = KafkaIo.readCommitted(Topics.PREDICTIONS, Prediction.class,
                prediction -> prediction.project().equals(project), predictions -> distinctItems(predictions) >= count,
                Duration.ofSeconds(60), Duration.ZERO);
        assertThat(distinctItems(found)).isGreaterThanOrEqualTo(count);
    }

    private static long distinctItems(final List<Prediction> predictions) {
        return predictions.stream().map(Prediction::itemId).distinct().count();
    }

    private static void sendItems(final String project, final int from, final int count) {
        final List<KafkaIo.Keyed<CleanItem>> items = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            final String id = itemId(project, i);
            items.add(new KafkaIo.Keyed<>(id, KafkaIo.textItem(project, id, "free money offer number " + i)));
        }
        KafkaIo.sendAll(Topics.ITEMS_CLEAN, items);
    }

    private static String itemId(final String project, final int index) {
        return project + "-" + index;
    }

}
