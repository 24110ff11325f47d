package io.labelstream.inference.domain;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;

/**
 * Everything inference publishes about one clean item, in one transaction: the prediction (absent without a model),
 * a label with source=model (auto-label) and/or a labeling task for humans. At least one of label and task is there.
 */
public record RoutingDecision(CleanItem item, Prediction prediction, Label label, LabelingTask task) {

    public RoutingDecision {
        if (label == null && task == null) {
            throw new IllegalArgumentException("item " + item.itemId() + " must go to a label or a task");
        }
    }

    /** How the item was routed, for metrics: auto_label, qa_sample, uncertain, cold_start or unreadable. */
    public String routeName() {
        if (label != null) {
            return task != null ? LabelingTask.Reason.qa_sample.name() : Prediction.Route.auto_label.name();
        }
        if (prediction == null && task.reason() == LabelingTask.Reason.uncertain) {
            return "unreadable";
        }
        return task.reason().name();
    }
}
