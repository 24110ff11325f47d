package io.labelstream.service.health;

import java.time.Duration;
import java.util.List;

/**
 * The topics a service reads or writes, which {@link KafkaTopicsReadinessCheck} waits for, and how long it waits for
 * the broker to list them before it reports the service not ready.
 */
public record RequiredTopics(List<String> names, Duration timeout) {

    public RequiredTopics {
        names = List.copyOf(names);
    }
}
