package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A final label for one item on {@code labels}, keyed by item id: human consensus or a confident model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Label(
        int schemaVersion,
        String labelId,
        String itemId,
        String project,
        String label,
        Source source,
        Method method,
        double confidence,
        String modelVersion,
        String taskId,
        List<Annotation> annotations,
        RawRef lineage,
        Instant labeledAt,
        Integer revision,
        String supersedes,
        Boolean belowMinLabelers) {

    public static final int VERSION = 1;

    /** A first decision on an item, as every label was before labels could be revised. */
    public Label(final int schemaVersion, final String labelId, final String itemId, final String project,
            final String label, final Source source, final Method method, final double confidence,
            final String modelVersion, final String taskId, final List<Annotation> annotations, final RawRef lineage,
            final Instant labeledAt) {
        this(schemaVersion, labelId, itemId, project, label, source, method, confidence, modelVersion, taskId,
                annotations, lineage, labeledAt, null, null, null);
    }

    /** 1 for a first decision, which carries no revision number. */
    public int revisionNumber() {
        return revision == null ? 1 : revision;
    }

    public enum Source {
        human,
        model
    }

    public enum Method {
        majority_vote,
        dawid_skene,
        gold,
        model,
        /** Decided by an admin after the labelers tied or flagged the item. */
        adjudicated
    }

    /** One labeler's answer; {@code labelerId} is a pseudonym, never a login name. */
    public record Annotation(String labelerId, String label, Instant submittedAt) {
    }
}
