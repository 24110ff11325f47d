package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.domain.QaSample;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.inference.support.TestModels;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class RoutingByPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @Inject
    ModelRegistry registry;

    @Inject
    InferenceConfig config;

    @Test
    void shouldAutoLabelConfidentItemsAndSendADeterministicQaSampleToHumansToo() throws Exception {
        final String project = "auto-" + UUID.randomUUID();
        final double qaRate = 0.3;
        withChampion(KafkaIo.textProject(project, 0.0, qaRate, Project.UncertaintyMeasure.least_confidence));
        final List<String> ids = sendItems(project, 40);
        final Set<String> qaSample = ids.stream()
                .filter(id -> QaSample.includes(id, qaRate))
                .collect(Collectors.toSet());
        assertThat(qaSample).isNotEmpty().hasSizeLessThan(ids.size());

        final List<Label> labels = KafkaIo.readCommitted(Topics.LABELS, Label.class,
                label -> label.project().equals(project), found -> found.size() >= ids.size(), WAIT, SETTLE);
        assertThat(labels).extracting(Label::itemId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(labels).allSatisfy(label -> {
            assertThat(label.source()).isEqualTo(Label.Source.model);
            assertThat(label.modelVersion()).isEqualTo("v1");
            assertThat(label.label()).isIn(TestModels.TEXT_LABELS);
        });
        final List<LabelingTask> tasks = KafkaIo.readCommitted(Topics.TASKS_LABELING, LabelingTask.class,
                task -> task.project().equals(project), found -> found.size() >= qaSample.size(), WAIT, SETTLE);
        assertThat(tasks).extracting(LabelingTask::itemId).containsExactlyInAnyOrderElementsOf(qaSample);
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.reason()).isEqualTo(LabelingTask.Reason.qa_sample);
            assertThat(task.prediction().modelVersion()).isEqualTo("v1");
        });
        final List<Prediction> predictions = KafkaIo.readCommitted(Topics.PREDICTIONS, Prediction.class,
                prediction -> prediction.project().equals(project), found -> found.size() >= ids.size(), WAIT, SETTLE);
        assertThat(predictions).hasSize(ids.size()).allSatisfy(prediction -> assertThat(prediction.route())
                .isEqualTo(qaSample.contains(prediction.itemId())
                        ? Prediction.Route.qa_sample : Prediction.Route.auto_label));
    }

    @Test
    void shouldSendUncertainItemsToHumansWithThePriorityOfTheProjectsUncertaintyMeasureAndSampleThemForQaToo()
            throws Exception {
        final String project = "uncertain-" + UUID.randomUUID();
        final double qaRate = 0.5;
        withChampion(KafkaIo.textProject(project, 1.0, qaRate, Project.UncertaintyMeasure.entropy));
        final List<String> ids = sendItems(project, 20);
        final Set<String> qaSample = ids.stream()
                .filter(id -> QaSample.includes(id, qaRate))
                .collect(Collectors.toSet());
        assertThat(qaSample).isNotEmpty().hasSizeLessThan(ids.size());

        final List<LabelingTask> tasks = KafkaIo.readCommitted(Topics.TASKS_LABELING, LabelingTask.class,
                task -> task.project().equals(project), found -> found.size() >= ids.size(), WAIT, SETTLE);
        assertThat(tasks).extracting(LabelingTask::itemId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.text()).as("the item's text, escapes and all").isEqualTo(textOf(task.itemId()));
            assertThat(task.prediction().route()).isEqualTo(Prediction.Route.human);
            if (qaSample.contains(task.itemId())) {
                assertThat(task.reason()).isEqualTo(LabelingTask.Reason.qa_sample);
                assertThat(task.prediction().qaSample()).isTrue();
                assertThat(task.priority()).as("the sample is worked in arrival order").isEqualTo(0.5);
            } else {
                assertThat(task.reason()).isEqualTo(LabelingTask.Reason.uncertain);
                assertThat(task.prediction().qaSample()).isFalse();
                assertThat(task.priority())
                        .isCloseTo(task.prediction().uncertainty().entropy() / Math.log(2), within(1e-9));
            }
        });
        assertThat(KafkaIo.readCommitted(Topics.LABELS, Label.class, label -> label.project().equals(project),
                found -> true, Duration.ZERO, SETTLE)).isEmpty();
    }

    @Test
    void shouldSendEveryItemToHumansWhileAProjectHasNoModel() {
        final String project = "cold-" + UUID.randomUUID();
        KafkaIo.send(Topics.PROJECTS, project,
                KafkaIo.textProject(project, 0.0, 0.0, Project.UncertaintyMeasure.margin));
        final List<String> ids = sendItems(project, 10);

        final List<LabelingTask> tasks = KafkaIo.readCommitted(Topics.TASKS_LABELING, LabelingTask.class,
                task -> task.project().equals(project), found -> found.size() >= ids.size(), WAIT, SETTLE);
        assertThat(tasks).extracting(LabelingTask::itemId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.reason()).isEqualTo(LabelingTask.Reason.cold_start);
            assertThat(task.prediction()).isNull();
            assertThat(task.taskId()).isEqualTo(project + ":" + task.itemId());
        });
        assertThat(KafkaIo.readCommitted(Topics.PREDICTIONS, Prediction.class,
                prediction -> prediction.project().equals(project), found -> true, Duration.ZERO, SETTLE)).isEmpty();
    }

    private void withChampion(final Project project) throws InterruptedException {
        KafkaIo.send(Topics.PROJECTS, project.id(), project);
        KafkaIo.send(Topics.MODELS, project.id(),
                TestModels.promotedTextModel(config.resolvedModelStore(), project.id(), "v1", 7, 0.9));
        for (int i = 0; i < 300 && registry.championVersion(project.id()).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(registry.championVersion(project.id())).isEqualTo(Optional.of("v1"));
    }

    private static List<String> sendItems(final String project, final int count) {
        final List<KafkaIo.Keyed<CleanItem>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String id = project + "-" + i;
            items.add(new KafkaIo.Keyed<>(id, KafkaIo.textItem(project, id, textOf(id))));
        }
        KafkaIo.sendAll(Topics.ITEMS_CLEAN, items);
        return items.stream().map(KafkaIo.Keyed::key).toList();
    }

    private static String textOf(final String itemId) {
        return "message " + itemId + " about the \"budget\"\n\tünïcode 😀 \\o/";
    }
}
