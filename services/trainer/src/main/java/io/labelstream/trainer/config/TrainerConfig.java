package io.labelstream.trainer.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the trainer service, under {@code labelstream.trainer}. */
@ConfigMapping(prefix = "labelstream.trainer")
public interface TrainerConfig {

    /** How long readiness waits for the broker to list its topics before it reports the service not ready. */
    @WithDefault("5s")
    Duration topicsCheckTimeout();
}
