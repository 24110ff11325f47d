package io.labelstream.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingest service, under {@code labelstream.ingest}. */
@ConfigMapping(prefix = "labelstream.ingest")
public interface IngestConfig {

    /** How long readiness waits for the broker to list its topics before it reports the service not ready. */
    @WithDefault("5s")
    Duration topicsCheckTimeout();
}
