package io.labelstream.inference.support;

import io.labelstream.schemas.Topics;

/** The topics the service reads and writes, for {@code KafkaTestResource}'s init argument. */
public final class ServiceTopics {

    public static final String ALL = Topics.ITEMS_CLEAN + ","
            + Topics.PREDICTIONS + ","
            + Topics.TASKS_LABELING + ","
            + Topics.LABELS + ","
            + Topics.MODELS + ","
            + Topics.PROJECTS;

    private ServiceTopics() {
    }
}
