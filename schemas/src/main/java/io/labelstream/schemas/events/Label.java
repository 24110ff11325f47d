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
        Instant labeledAt) {

    public static final int VERSION = 1;

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
