package io.labelstream.labeling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Duration PERIOD = Duration.ofMinutes(1);

    @Test
    void shouldMakeAnAccountWaitAfterItsFailuresAndLeaveOthersAlone() {
        final LoginThrottle throttle = new LoginThrottle(3, 100, PERIOD);
        for (int i = 0; i < 2; i++) {
            throttle.failed("Mallory", "10.0.0.1");
        }
        assertThat(throttle.wait("mallory", "10.0.0.1")).as("two of three").isEmpty();

        throttle.failed("mallory", "10.0.0.2");

        assertThat(throttle.wait("MALLORY", "10.0.0.3")).as("names are counted without case")
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(PERIOD));
        assertThat(throttle.wait("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.wait(null, "10.0.0.1")).isEmpty();
    }

    @Test
    void shouldMakeAnAddressWaitAfterItsFailuresWhateverTheNames() {
        final LoginThrottle throttle = new LoginThrottle(3, 4, PERIOD);
        for (int i = 0; i < 4; i++) {
            throttle.failed("guess-" + i, "10.0.0.9");
        }

        assertThat(throttle.wait("alice", "10.0.0.9")).isPresent();
        assertThat(throttle.wait(null, "10.0.0.9")).as("a bearer token from there too").isPresent();
        assertThat(throttle.wait("alice", "10.0.0.8")).isEmpty();
    }
}
