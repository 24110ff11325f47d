package io.labelstream.labeling.health;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.schemas.Topics;
import io.labelstream.service.health.RequiredTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** What this service's part of the common readiness checks needs to know: the topics it reads or writes. */
@ApplicationScoped
public class ReadinessChecks {

    @Produces
    @Singleton
    RequiredTopics requiredTopics(final LabelingConfig config) {
        return new RequiredTopics(List.of(
                Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.TASKS_LABELING, Topics.LABELS, Topics.MODELS,
                Topics.TRAINING_PROGRESS, Topics.PROJECTS),
                config.topicsCheckTimeout());
    }
}
