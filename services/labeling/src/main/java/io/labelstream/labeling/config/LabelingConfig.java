package io.labelstream.labeling.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the labeling service, under {@code labelstream.labeling}. */
@ConfigMapping(prefix = "labelstream.labeling")
public interface LabelingConfig {

    /** How long readiness waits for the broker to list its topics before it reports the service not ready. */
    @WithDefault("5s")
    Duration topicsCheckTimeout();
}
