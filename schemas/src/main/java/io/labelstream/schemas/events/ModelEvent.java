package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change in a project's model registry on {@code models}, keyed by project id. The trainer's promotion check of a
 * newly registered model ends in {@code promoted} or {@code not_promoted}, both with its {@code promotionCheck}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelEvent(
        int schemaVersion,
        Type type,
        String project,
        String modelVersion,
        String architecture,
        List<String> labels,
        String datasetVersion,
        String artifactUri,
        String artifactSha256,
        Double temperature,
        Map<String, Double> metrics,
        String reason,
        PromotionCheck promotionCheck,
        Instant occurredAt) {

    public static final int VERSION = 1;

    /** An event that no promotion check decided: registrations, operators' promotions, rollbacks, retrain requests. */
    public ModelEvent(final int schemaVersion, final Type type, final String project, final String modelVersion,
            final String architecture, final List<String> labels, final String datasetVersion,
            final String artifactUri, final String artifactSha256, final Double temperature,
            final Map<String, Double> metrics, final String reason, final Instant occurredAt) {
        this(schemaVersion, type, project, modelVersion, architecture, labels, datasetVersion, artifactUri,
                artifactSha256, temperature, metrics, reason, null, occurredAt);
    }

    /** What happened; docs/topics.md lists each with its description. */
    public enum Type {
        registered("A run registered a new model version (status candidate); its promotion check follows."),
        promoted("The model is the project's champion now: by its promotion check, with promotionCheck, or by an "
                + "operator, with the operator's reason."),
        rolled_back("An operator rolled the champion back; the event names the model that is champion again."),
        retrain_requested("Inference asks for a new run: the model's live accuracy is significantly below its test "
                + "accuracy."),
        not_promoted("The promotion check kept a newly registered model a candidate; reason and promotionCheck "
                + "say why. It never makes a champion.");

        private final String description;

        Type(final String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * How the trainer judged a newly registered model against the project's champion. Both scores are {@code metric}
     * on the test split of the event's dataset version: the champion is evaluated anew on the challenger's split, so
     * the two numbers are comparable.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PromotionCheck(
            Outcome outcome,
            String metric,
            Double score,
            String champion,
            Double championScore,
            Double margin) {
    }

    /** The verdict of a promotion check; docs/topics.md lists each with its description. */
    public enum Outcome {
        first_model("Promoted: the project had no champion."),
        label_set_changed("Promoted: the champion predicts another label set, so the scores do not compare."),
        beats_champion("Promoted: higher than the champion's score by at least the project's promotion margin."),
        below_champion("Not promoted: lower than the champion's score."),
        tie("Not promoted: exactly the champion's score."),
        below_margin("Not promoted: higher than the champion's score, by less than the project's promotion margin."),
        failed("Not promoted: the champion could not be evaluated; the event's reason says why.");

        private final String description;

        Outcome(final String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** Whether the checked model becomes the champion. */
        public boolean promotes() {
            return this == first_model || this == label_set_changed || this == beats_champion;
        }
    }
}
