package io.labelstream.inference.domain;

import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Prediction;

/** A human label met with the prediction made earlier for the same item. */
public record FeedbackOutcome(String project, String modelVersion, String humanLabel, String predictedLabel,
        Prediction.Route route, boolean inQaSample) {

    public static FeedbackOutcome of(final Label human, final Prediction prediction) {
        return new FeedbackOutcome(prediction.project(), prediction.modelVersion(), human.label(),
                prediction.label(), prediction.route(), prediction.inQaSample());
    }

    public boolean correct() {
        return humanLabel.equals(predictedLabel);
    }

    /** The model labeled the item on its own and humans checked it: a measurement of auto-label precision. */
    public boolean autoLabeled() {
        return route == Prediction.Route.qa_sample;
    }
}
