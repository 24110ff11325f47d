package io.labelstream.schemas;

import java.util.List;
import java.util.Map;

/**
 * One topic of the catalogue: what it is called, how it is keyed, which event it carries, how it is kept, who
 * writes and who reads it. Topic creation (local platform, Helm chart) and docs/topics.md are made from this.
 */
public record TopicSpec(
        String name,
        String key,
        EventType value,
        int partitions,
        Map<String, String> config,
        String producer,
        List<String> consumers,
        String purpose) {

    public String retentionSummary() {
        if ("compact".equals(config.get("cleanup.policy"))) {
            return "compacted";
        }
        final String ms = config.get("retention.ms");
        if (ms == null) {
            return "broker default";
        }
        if ("-1".equals(ms)) {
            return "forever";
        }
        return (Long.parseLong(ms) / 86_400_000L) + " days";
    }
}
