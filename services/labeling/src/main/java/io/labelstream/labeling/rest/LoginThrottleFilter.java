package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.BasicCredentials;
import io.labelstream.labeling.security.LoginThrottle;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request with credentials while its account or client address has failed to log in too often lately
 * (429 with {@code Retry-After}), before the password is checked. Failures are counted where they are answered, in
 * {@link ProblemMapper}. Runs before resource matching, like the authentication it guards (which is lazy).
 */
public class LoginThrottleFilter {

    private final LoginThrottle throttle;

    LoginThrottleFilter(final LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @ServerRequestFilter(preMatching = true)
    public void refuseWhileThrottled(final ContainerRequestContext request, final HttpServerRequest http) {
        final String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return;
        }
        final Optional<Duration> wait = throttle.wait(BasicCredentials.username(authorization).orElse(null),
                address(http));
        if (wait.isPresent()) {
            throw new TooManyFailedLogins(wait.get());
        }
    }

    static String address(final HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    /** Too many failed log-ins of this account or from this address; try again after {@code retryAfter}. */
    public static final class TooManyFailedLogins extends RuntimeException {

        private final Duration retryAfter;

        TooManyFailedLogins(final Duration retryAfter) {
            super("too many failed log-ins");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
