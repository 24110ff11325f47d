package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A labeling-and-model task, on the compacted {@code projects} topic keyed by {@code id}. Every service follows
 * this topic for project configuration; a null value (tombstone) removes a project.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Project(
        int schemaVersion,
        String id,
        String name,
        ItemKind kind,
        List<LabelDefinition> labels,
        String instructions,
        Redundancy redundancy,
        Routing routing,
        double goldRate,
        Filters filters,
        ImageSpec image,
        TrainingPolicy training,
        ConsensusPolicy consensus,
        long revision,
        Instant updatedAt) {

    public static final int VERSION = 1;

    public List<String> labelNames() {
        return labels.stream().map(LabelDefinition::name).toList();
    }

    public record LabelDefinition(String name, String description, String hotkey) {
    }

    /** How many labelers answer an item and when their agreement is enough. */
    public record Redundancy(int minLabelers, int maxLabelers, double agreementTarget) {
    }

    /** Which predictions become labels without humans and which go to a queue. */
    public record Routing(double autoLabelThreshold, double qaSampleRate, UncertaintyMeasure uncertaintyMeasure) {
    }

    public enum UncertaintyMeasure {
        least_confidence,
        margin,
        entropy
    }

    /** Relevance filters applied by ingest; all optional. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filters(Integer minLength, Integer maxLength, List<String> languages, List<String> denyPatterns) {
    }

    /** The size and channels every image of the project is converted to. */
    public record ImageSpec(int width, int height, int channels) {
    }

    /** A copy with the given consensus policy. */
    public Project withConsensus(final ConsensusPolicy policy) {
        return new Project(schemaVersion, id, name, kind, labels, instructions, redundancy, routing, goldRate, filters,
                image, training, policy, revision, updatedAt);
    }

    /** A copy with the given revision and time of change. */
    public Project stamped(final long newRevision, final Instant newUpdatedAt) {
        return new Project(schemaVersion, id, name, kind, labels, instructions, redundancy, routing, goldRate, filters,
                image, training, consensus, newRevision, newUpdatedAt);
    }

    /** When the trainer retrains and when a new model replaces the champion. */
    public record TrainingPolicy(int retrainEveryLabels, double promotionMargin, boolean trainOnAutoLabels) {
    }

    /**
     * How answers become a label: the method, when the labelers' quality is first fitted and how often again, and
     * what happens to an item that stops getting answers before it has all it wants.
     */
    public record ConsensusPolicy(ConsensusMethod method, int minAnswersForModel, int refitEverySeconds,
            int stragglerAfterMinutes, StragglerPolicy stragglers) {
    }

    public enum ConsensusMethod {
        dawid_skene,
        majority_vote
    }

    /** What becomes of an item that waited past the straggler limit without all the answers it wants. */
    public enum StragglerPolicy {
        /** Decided on the answers it has. */
        decide,
        /** Handed to the admins, with the items whose labelers tied. */
        admin
    }
}
