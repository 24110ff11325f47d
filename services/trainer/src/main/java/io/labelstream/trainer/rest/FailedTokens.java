package io.labelstream.trainer.rest;

import io.labelstream.service.security.FailedAttempts;
import io.labelstream.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Missing or wrong admin tokens per client address (see {@link FailedAttempts}). A bean of its own: the filter that
 * uses it is built before the configuration it needs is there.
 */
@ApplicationScoped
public class FailedTokens {

    private final FailedAttempts attempts;

    FailedTokens(final TrainerConfig config) {
        this.attempts = new FailedAttempts(config.failedTokensPerAddress(), config.failedTokenPeriod());
    }

    Optional<Duration> wait(final String address) {
        return attempts.wait(address);
    }

    void failed(final String address) {
        attempts.failed(address);
    }
}
