package io.labelstream.inference.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;

class RouterTest {

    private final Router router = new Router(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC), 2);

    @Test
    void shouldComputeTheThreeUncertaintiesAsPublished() {
        final Uncertainty uncertainty = UncertaintyMeasures.of(
                List.of(new ScoredLabel("ham", 0.93), new ScoredLabel("spam", 0.07)));

        assertThat(uncertainty.leastConfidence()).isCloseTo(0.07, within(1e-9));
        assertThat(uncertainty.margin()).isCloseTo(0.14, within(1e-9));
        assertThat(uncertainty.entropy()).isCloseTo(0.2536, within(1e-4));
    }

    @Test
    void shouldScalePrioritiesToOneForAUniformPrediction() {
        final Uncertainty uniform = UncertaintyMeasures.of(List.of(new ScoredLabel("a", 1 / 3.0),
                new ScoredLabel("b", 1 / 3.0), new ScoredLabel("c", 1 / 3.0)));

        for (final Project.UncertaintyMeasure measure : Project.UncertaintyMeasure.values()) {
            assertThat(UncertaintyMeasures.priority(uniform, measure, 3)).as(measure.name()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void shouldKeepTheEntropyOfANearUniformPredictionAtItsMaximum() {
        // single-precision probabilities of a real forward pass, which sum to 0.99999997
        final Uncertainty nearUniform = UncertaintyMeasures.of(List.of(new ScoredLabel("ham", 0.5000298619270325),
                new ScoredLabel("spam", 0.49997010827064514)));

        assertThat(nearUniform.entropy()).isLessThanOrEqualTo(Math.log(2));
        assertThat(UncertaintyMeasures.priority(nearUniform, Project.UncertaintyMeasure.entropy, 2))
                .isCloseTo(nearUniform.entropy() / Math.log(2), within(1e-12));
    }

    @Test
    void shouldAutoLabelAtTheThresholdAndSendTheRestToHumans() {
        final Project.Routing policy = new Project.Routing(0.9, 0.0, Project.UncertaintyMeasure.margin);
        final RoutingDecision confident = router.route(item("a"), project(policy), output(0.9));
        final RoutingDecision unsure = router.route(item("b"), project(policy), output(0.6));

        assertThat(confident.label().label()).isEqualTo("spam");
        assertThat(confident.label().confidence()).isEqualTo(0.9);
        assertThat(confident.task()).isNull();
        assertThat(confident.prediction().route()).isEqualTo(Prediction.Route.auto_label);
        assertThat(confident.prediction().topK()).extracting(ScoredLabel::label).containsExactly("spam", "ham");
        assertThat(unsure.label()).isNull();
        assertThat(unsure.task().reason()).isEqualTo(LabelingTask.Reason.uncertain);
        assertThat(unsure.task().priority()).isCloseTo(0.8, within(1e-9));
        assertThat(unsure.prediction().route()).isEqualTo(Prediction.Route.human);
    }

    @Test
    void shouldDrawTheQaSampleFromConfidentAndUncertainItemsAlikeAndQueueItInArrivalOrder() {
        final Project.Routing policy = new Project.Routing(0.9, 0.2, Project.UncertaintyMeasure.margin);
        final List<RoutingDecision> uncertain = java.util.stream.IntStream.range(0, 1_000)
                .mapToObj(i -> router.route(item("item-" + i), project(policy), output(0.6)))
                .toList();
        final List<RoutingDecision> confident = java.util.stream.IntStream.range(0, 1_000)
                .mapToObj(i -> router.route(item("item-" + i), project(policy), output(0.95)))
                .toList();

        final List<RoutingDecision> uncertainSample = uncertain.stream()
                .filter(decision -> decision.prediction().inQaSample()).toList();
        assertThat(uncertainSample).hasSizeBetween(150, 250);
        assertThat(uncertainSample).allSatisfy(decision -> {
            assertThat(decision.prediction().route()).isEqualTo(Prediction.Route.human);
            assertThat(decision.task().reason()).isEqualTo(LabelingTask.Reason.qa_sample);
            assertThat(decision.task().priority()).isEqualTo(0.5);
        });
        assertThat(confident.stream().filter(decision -> decision.prediction().inQaSample())
                .map(decision -> decision.item().itemId()))
                .containsExactlyElementsOf(uncertainSample.stream().map(decision -> decision.item().itemId()).toList());
        assertThat(uncertain.stream().filter(decision -> !decision.prediction().inQaSample()))
                .allSatisfy(decision -> assertThat(decision.task().reason()).isEqualTo(LabelingTask.Reason.uncertain));
    }

    @Test
    void shouldSendNothingToAutoLabelsWhenThePolicyIsUnknown() {
        final RoutingDecision decision = router.route(item("a"), null, output(0.999));

        assertThat(decision.label()).isNull();
        assertThat(decision.task().reason()).isEqualTo(LabelingTask.Reason.uncertain);
    }

    @Test
    void shouldSampleTheSameItemsForQaWhateverTheOrder() {
        final long sampled = java.util.stream.IntStream.range(0, 10_000)
                .filter(i -> QaSample.includes("item-" + i, 0.1))
                .count();

        assertThat(sampled).isBetween(900L, 1100L);
        assertThat(QaSample.includes("item-7", 0.1)).isEqualTo(QaSample.includes("item-7", 0.1));
        assertThat(QaSample.includes("item-7", 0.0)).isFalse();
    }

    @Test
    void shouldGiveAnItemRoutedAgainForAnotherReasonTheSameTask() {
        final Project.Routing policy = new Project.Routing(0.9, 0.0, Project.UncertaintyMeasure.margin);
        final RoutingDecision coldStart = router.coldStart(item("a"));
        final RoutingDecision uncertain = router.route(item("a"), project(policy), output(0.6));
        final RoutingDecision unreadable = router.unreadable(item("a"));

        assertThat(uncertain.task().reason()).isNotEqualTo(coldStart.task().reason());
        assertThat(java.util.stream.Stream.of(coldStart, uncertain, unreadable).map(d -> d.task().taskId()))
                .containsOnly("p:a");
        assertThat(router.coldStart(item("b")).task().taskId()).isEqualTo("p:b");
    }

    private static ModelOutput output(final double spam) {
        return new ModelOutput("v1", List.of(new ScoredLabel("ham", 1 - spam), new ScoredLabel("spam", spam)), 1.0);
    }

    private static Project project(final Project.Routing routing) {
        return new Project(Project.VERSION, "p", "p", ItemKind.text, List.of(), null, null, routing, 0, null, null,
                null, null, 1, null);
    }

    private static CleanItem item(final String id) {
        return new CleanItem(CleanItem.VERSION, id, "p", ItemKind.text, "text", null, null, null, null, null, null,
                null, null, null);
    }
}
