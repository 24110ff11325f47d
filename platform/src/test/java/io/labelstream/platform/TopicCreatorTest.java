package io.labelstream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import io.labelstream.schemas.EventType;
import io.labelstream.schemas.TopicSpec;
import io.labelstream.testing.TestKafkaCluster;

class TopicCreatorTest {

    private static final TopicSpec COMPACTED = spec("topic-creator.compacted", 3, Map.of("cleanup.policy", "compact"));
    private static final TopicSpec RETAINED = spec("topic-creator.retained", 2, Map.of("retention.ms", "86400000"));

    @Test
    void shouldCreateMissingTopicsWithTheirPartitionsAndConfig() throws Exception {
        try (Admin admin = admin()) {
            final List<String> created = new TopicCreator(admin).createMissing(List.of(COMPACTED, RETAINED));

            assertEquals(List.of(COMPACTED.name(), RETAINED.name()), created);
            final Map<String, TopicDescription> described =
                    admin.describeTopics(created).allTopicNames().get();
            assertEquals(3, described.get(COMPACTED.name()).partitions().size());
            assertEquals(2, described.get(RETAINED.name()).partitions().size());
            assertEquals("compact", topicConfig(admin, COMPACTED.name()).get("cleanup.policy").value());
            assertEquals("86400000", topicConfig(admin, RETAINED.name()).get("retention.ms").value());
        }
    }

    @Test
    void shouldCreateOnlyWhatIsMissingWhenRunAgain() throws Exception {
        final TopicSpec existing = spec("topic-creator.existing", 1, Map.of());
        final TopicSpec fresh = spec("topic-creator.fresh", 1, Map.of());
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(existing.name(), 1, (short) 1))).all().get();

            final TopicCreator creator = new TopicCreator(admin);
            assertEquals(List.of(fresh.name()), creator.createMissing(List.of(existing, fresh)));
            assertEquals(List.of(), creator.createMissing(List.of(existing, fresh)));

            final Set<String> names = admin.listTopics().names().get();
            assertEquals(Set.of(existing.name(), fresh.name()), names.stream()
                    .filter(name -> name.equals(existing.name()) || name.equals(fresh.name()))
                    .collect(Collectors.toSet()));
        }
    }

    private static Admin admin() {
        return Admin.create(TopicCreator.adminConfig(TestKafkaCluster.bootstrapServers()));
    }

    private static Config topicConfig(final Admin admin, final String topic) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static TopicSpec spec(final String name, final int partitions, final Map<String, String> config) {
        return new TopicSpec(name, "item id", EventType.RAW_ITEM, partitions, config, "tests", List.of("tests"),
                "A topic of the topic creator's tests.", Set.of(), Set.of());
    }
}
