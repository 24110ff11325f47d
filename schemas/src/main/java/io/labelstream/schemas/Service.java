package io.labelstream.schemas;

import java.util.Locale;

/**
 * The platform's services, as the topic catalogue names the writers and readers of each topic: the source of what
 * each service's readiness check waits for and of the Kafka ACLs the Helm chart grants it.
 */
public enum Service {
    INGEST, INFERENCE, LABELING, TRAINER;

    /** The name the launcher, the chart and the services' configuration use: {@code ingest}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
