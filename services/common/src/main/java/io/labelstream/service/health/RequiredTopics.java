package io.labelstream.service.health;

import java.util.List;

/** The topics a service reads or writes, which {@link KafkaTopicsReadinessCheck} waits for. */
public record RequiredTopics(List<String> names) {

    public RequiredTopics(final String... names) {
        this(List.of(names));
    }

    public RequiredTopics {
        names = List.copyOf(names);
    }
}
