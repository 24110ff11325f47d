package io.labelstream.inference.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.kafka.TopicFollower;
import io.labelstream.inference.service.ChampionFollower;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.inference.support.TestModels;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.TestKafkaCluster;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class ChampionReplayTest {

    @Inject
    InferenceConfig config;

    @Test
    void shouldLoadOnlyTheLastChampionOfEachProjectWhenReplayingModelsAtStart() throws Exception {
        final String project = "replay-" + UUID.randomUUID();
        final String broken = "replay-broken-" + UUID.randomUUID();
        final ModelEvent v1 = TestModels.promotedTextModel(config.resolvedModelStore(), project, "v1", 11, 0.8);
        final ModelEvent v2 = TestModels.promotedTextModel(config.resolvedModelStore(), project, "v2", 12, 0.85);
        KafkaIo.send(Topics.MODELS, project, v1);
        KafkaIo.send(Topics.MODELS, project, v2);
        KafkaIo.send(Topics.MODELS, project, withType(v1, ModelEvent.Type.rolled_back));
        KafkaIo.send(Topics.MODELS, broken, new ModelEvent(ModelEvent.VERSION, ModelEvent.Type.promoted, broken, "v1",
                "fasttext", TestModels.TEXT_LABELS, "ds", null, "0".repeat(64), 1.0, Map.of("accuracy", 0.9), null,
                Instant.now()));

        // a freshly started instance: its own registry, following models from the beginning
        try (ModelRegistry registry = new ModelRegistry(new DirectoryArtifactStore(config.resolvedModelStore()), 1, 16,
                4, 1, 1);
                TopicFollower<ModelEvent> follower = new TopicFollower<>(
                        Map.of("bootstrap.servers", TestKafkaCluster.bootstrapServers()), Topics.MODELS,
                        ModelEvent.class, new ChampionFollower(registry)).start()) {
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

            assertThat(registry.championVersion(project)).contains("v1");
            assertThat(registry.championVersion(broken)).as("an artifact that is not in the store").isEmpty();
            assertThat(registry.testAccuracy(project, "v2")).contains(0.85);
            // one open model per project with a champion: whatever was loaded on the way is closed again
            assertThat(registry.openModels()).isEqualTo(registry.championVersions().size());
        }
    }

    private static ModelEvent withType(final ModelEvent event, final ModelEvent.Type type) {
        return new ModelEvent(event.schemaVersion(), type, event.project(), event.modelVersion(), event.architecture(),
                event.labels(), event.datasetVersion(), event.artifactUri(), event.artifactSha256(),
                event.temperature(), event.metrics(), "rollback", Instant.now());
    }
}
