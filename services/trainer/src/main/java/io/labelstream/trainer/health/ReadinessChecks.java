package io.labelstream.trainer.health;

import io.labelstream.schemas.Service;
import io.labelstream.schemas.Topics;
import io.labelstream.service.health.RequiredTopics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * What this service's part of the common readiness checks needs to know: the topics it reads or writes, as the topic
 * catalogue says.
 */
@ApplicationScoped
public class ReadinessChecks {

    @Produces
    static final RequiredTopics TOPICS = new RequiredTopics(Topics.usedBy(Service.TRAINER));
}
