package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A change in a project's model registry on {@code models}, keyed by project id. */
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
        Instant occurredAt) {

    public static final int VERSION = 1;

    public enum Type {
        registered,
        promoted,
        rolled_back,
        retrain_requested
    }
}
