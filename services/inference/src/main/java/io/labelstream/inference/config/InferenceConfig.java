package io.labelstream.inference.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inference service, under {@code labelstream.inference}. */
@ConfigMapping(prefix = "labelstream.inference")
public interface InferenceConfig {

    /** How long readiness waits for the broker to list its topics before it reports the service not ready. */
    @WithDefault("5s")
    Duration topicsCheckTimeout();
}
