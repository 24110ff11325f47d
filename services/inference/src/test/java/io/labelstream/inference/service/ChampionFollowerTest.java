package io.labelstream.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.labelstream.inference.support.TestModels;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.schemas.events.ModelEvent;

/** A model the trainer's promotion check did not promote never becomes champion, in the replay or afterwards. */
class ChampionFollowerTest {

    @TempDir
    Path store;

    @Test
    void shouldKeepTheChampionWhenANotPromotedModelArrives() throws Exception {
        final ModelEvent v1 = TestModels.promotedTextModel(store, "mail", "mail-v1", 11, 0.8);
        final ModelEvent v2 = notPromoted(TestModels.promotedTextModel(store, "mail", "mail-v2", 12, 0.7));
        try (ModelRegistry registry = new ModelRegistry(new DirectoryArtifactStore(store), 1, 16, 4, 1, 1)) {
            final ChampionFollower follower = new ChampionFollower(registry);

            follower.onRecord("mail", v1);
            follower.onRecord("mail", v2);
            follower.caughtUp();
            assertThat(registry.championVersion("mail")).contains("mail-v1");

            follower.onRecord("mail", v2);
            assertThat(registry.championVersion("mail")).contains("mail-v1");
            assertThat(registry.openModels()).isEqualTo(1);
            assertThat(registry.testAccuracy("mail", "mail-v2")).as("its test accuracy is still known").contains(0.7);
        }
    }

    private static ModelEvent notPromoted(final ModelEvent event) {
        return new ModelEvent(event.schemaVersion(), ModelEvent.Type.not_promoted, event.project(),
                event.modelVersion(), event.architecture(), event.labels(), event.datasetVersion(),
                event.artifactUri(), event.artifactSha256(), event.temperature(), event.metrics(),
                "below champion mail-v1: test accuracy 0.7000 vs 0.8000",
                new ModelEvent.PromotionCheck(ModelEvent.Outcome.below_champion, "accuracy", 0.7, "mail-v1", 0.8, 0.0),
                Instant.now());
    }
}
