package io.labelstream.schemas;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One topic of the catalogue: what it is called, how it is keyed, which event it carries, how it is kept, who
 * writes and who reads it (in words for people, as {@link Service}s for readiness and access control). Topic creation (local platform, Helm chart) and docs/topics.md are made from this.
 */
public record TopicSpec(
        String name,
        String key,
        EventType value,
        int partitions,
        Map<String, String> config,
        String producer,
        List<String> consumers,
        String purpose,
        Set<Service> writers,
        Set<Service> readers) {

    public TopicSpec {
        writers = Set.copyOf(writers);
        readers = Set.copyOf(readers);
    }

    /** Whether {@code service} writes or reads this topic. */
    public boolean usedBy(final Service service) {
        return writers.contains(service) || readers.contains(service);
    }

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
