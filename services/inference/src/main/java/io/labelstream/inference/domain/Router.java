package io.labelstream.inference.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;

/**
 * The routing policy of a project applied to one item: confident predictions become labels with source=model, the
 * others become labeling tasks ranked by uncertainty, and without a model everything goes to humans. A random QA
 * sample of all predicted items, confident or not, goes to humans in its own lane: its labels measure live accuracy
 * without the bias of the uncertain items, and on its confident items the precision of auto-labels. Ids of labels
 * and tasks derive from the item id, so a replay yields the same ones.
 */
public final class Router {

    /** Used when a project's policy is not known (yet): nothing is labeled without humans. */
    static final Project.Routing HUMANS_ONLY =
            new Project.Routing(Double.POSITIVE_INFINITY, 0.0, Project.UncertaintyMeasure.least_confidence);

    private static final double QA_SAMPLE_PRIORITY = 0.5;

    private final Clock clock;
    private final int topK;

    public Router(final Clock clock, final int topK) {
        this.clock = clock;
        this.topK = topK;
    }

    /** The prediction a model output makes, without a route: what {@code POST /api/v1/predict} answers. */
    public Prediction prediction(final CleanItem item, final ModelOutput output) {
        return prediction(item, output, null, null, clock.instant());
    }

    public RoutingDecision route(final CleanItem item, final Project project, final ModelOutput output) {
        final Instant now = clock.instant();
        final Project.Routing policy = project == null || project.routing() == null ? HUMANS_ONLY : project.routing();
        final List<ScoredLabel> ranked = output.ranked();
        final ScoredLabel top = ranked.get(0);
        final boolean qa = QaSample.includes(item.itemId(), policy.qaSampleRate());
        if (top.probability() >= policy.autoLabelThreshold()) {
            final Prediction prediction =
                    prediction(item, output, qa ? Prediction.Route.qa_sample : Prediction.Route.auto_label, qa, now);
            final Label label = new Label(Label.VERSION, item.itemId() + "/model/" + output.modelVersion(),
                    item.itemId(), item.project(), top.label(), Label.Source.model, Label.Method.model,
                    top.probability(), output.modelVersion(), null, null, item.lineage(), now);
            return new RoutingDecision(item, prediction, label, qa ? qaSampleTask(item, prediction, now) : null);
        }
        final Prediction prediction = prediction(item, output, Prediction.Route.human, qa, now);
        return new RoutingDecision(item, prediction, null, qa ? qaSampleTask(item, prediction, now)
                : task(item, LabelingTask.Reason.uncertain, priority(prediction, policy), prediction, now));
    }

    /**
     * The sample's lane is worked in arrival order, not by uncertainty: with a backlog, ranking by uncertainty would
     * label the sample's least certain items first and bias the accuracy measured on it.
     */
    private static LabelingTask qaSampleTask(final CleanItem item, final Prediction prediction, final Instant now) {
        return task(item, LabelingTask.Reason.qa_sample, QA_SAMPLE_PRIORITY, prediction, now);
    }

    /** No champion yet: humans label everything, in arrival order. */
    public RoutingDecision coldStart(final CleanItem item) {
        return new RoutingDecision(item, null, null,
                task(item, LabelingTask.Reason.cold_start, 0.5, null, clock.instant()));
    }

    /** The model cannot read the item (wrong kind, unreadable content): humans get it first. */
    public RoutingDecision unreadable(final CleanItem item) {
        return new RoutingDecision(item, null, null,
                task(item, LabelingTask.Reason.uncertain, 1.0, null, clock.instant()));
    }

    private Prediction prediction(final CleanItem item, final ModelOutput output, final Prediction.Route route,
            final Boolean qaSample, final Instant now) {
        final List<ScoredLabel> ranked = output.ranked();
        final Uncertainty uncertainty = UncertaintyMeasures.of(ranked);
        return new Prediction(Prediction.VERSION, item.itemId(), item.project(), output.modelVersion(),
                ranked.get(0).label(), output.probabilities(), ranked.subList(0, Math.min(topK, ranked.size())),
                uncertainty, output.latencyMs(), item.lineage(), now, route, qaSample);
    }

    private static double priority(final Prediction prediction, final Project.Routing policy) {
        final Project.UncertaintyMeasure measure = policy.uncertaintyMeasure() != null
                ? policy.uncertaintyMeasure() : Project.UncertaintyMeasure.least_confidence;
        return UncertaintyMeasures.priority(prediction.uncertainty(), measure, prediction.probabilities().size());
    }

    /**
     * The task id names the item alone, as a manually queued task of the same item does: a clean item delivered
     * again is routed again, perhaps for another reason under a newer champion, and must not become a second task.
     */
    private static LabelingTask task(final CleanItem item, final LabelingTask.Reason reason, final double priority,
            final Prediction prediction, final Instant now) {
        return new LabelingTask(LabelingTask.VERSION, item.project() + ":" + item.itemId(), item.itemId(),
                item.project(), item.kind(), reason, priority, item.text(), item.imagePng(), prediction,
                item.lineage(), now);
    }
}
