package io.labelstream.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class FailedAttemptsTest {

    private final FailedAttempts attempts = new FailedAttempts(2, Duration.ofHours(1));

    @Test
    void shouldMakeAKeyWaitOnceItUsedUpItsFailures() {
        attempts.failed("address:10.0.0.1");
        assertThat(attempts.wait("address:10.0.0.1")).isEmpty();
        attempts.failed("address:10.0.0.1");
        assertThat(attempts.wait("address:10.0.0.1")).hasValueSatisfying(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
        assertThat(attempts.wait("address:10.0.0.2")).as("another key").isEmpty();
    }

    @Test
    void shouldIgnoreAMissingKey() {
        attempts.failed(null);
        attempts.failed(null);
        assertThat(attempts.wait(null)).isEmpty();
    }

    @Test
    void shouldTakeTheLongerOfTwoWaits() {
        final Optional<Duration> second = Optional.of(Duration.ofSeconds(1));
        final Optional<Duration> minute = Optional.of(Duration.ofMinutes(1));
        assertThat(FailedAttempts.longer(second, minute)).isEqualTo(minute);
        assertThat(FailedAttempts.longer(minute, second)).isEqualTo(minute);
        assertThat(FailedAttempts.longer(Optional.empty(), second)).isEqualTo(second);
        assertThat(FailedAttempts.longer(second, Optional.empty())).isEqualTo(second);
        assertThat(FailedAttempts.longer(Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void shouldRoundRetryAfterUpToAWholeSecondAndNeverSayZero() {
        assertThat(FailedAttempts.retryAfterSeconds(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(FailedAttempts.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(FailedAttempts.retryAfterSeconds(Duration.ofSeconds(30))).isEqualTo(30);
    }
}
