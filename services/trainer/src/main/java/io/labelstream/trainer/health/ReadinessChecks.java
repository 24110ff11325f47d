package io.labelstream.trainer.health;

import io.labelstream.schemas.Topics;
import io.labelstream.service.health.RequiredTopics;
import io.labelstream.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** What this service's part of the common readiness checks needs to know: the topics it reads or writes. */
@ApplicationScoped
public class ReadinessChecks {

    @Produces
    @Singleton
    RequiredTopics requiredTopics(final TrainerConfig config) {
        return new RequiredTopics(List.of(
                Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.LABELS, Topics.MODELS, Topics.TRAINING_PROGRESS,
                Topics.PROJECTS),
                config.topicsCheckTimeout());
    }
}
