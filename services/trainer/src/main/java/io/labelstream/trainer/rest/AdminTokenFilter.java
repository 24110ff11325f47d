package io.labelstream.trainer.rest;

import io.labelstream.service.security.FailedAttempts;
import io.labelstream.trainer.service.AdminToken;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Optional;

/**
 * Lets a request to an {@link AdminOnly} endpoint through only with {@code Authorization: Bearer <admin token>}.
 * Follows RFC 6750: no or a malformed credential and a wrong token are both 401 with a {@code WWW-Authenticate}
 * challenge, the latter with {@code error="invalid_token"}; the body is a problem like every other error. A client
 * address that sent too many of those gets 429 with {@code Retry-After} for a while, before any token is checked,
 * so that guessing the token stays slow.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"labelstream-trainer\"";

    private final AdminToken token;
    private final FailedTokens failures;

    @Context
    HttpServerRequest http;

    public AdminTokenFilter(final AdminToken token, final FailedTokens failures) {
        this.token = token;
        this.failures = failures;
    }

    @Override
    public void filter(final ContainerRequestContext request) {
        final String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        final String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        final String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        final Optional<Duration> wait = failures.wait(address);
        if (wait.isPresent()) {
            request.abortWith(Response.status(429)
                    .header("Retry-After", String.valueOf(FailedAttempts.retryAfterSeconds(wait.get())))
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem(Problem.type("too-many-failed-tokens"), "Too many requests", 429,
                            "too many requests with a missing or wrong admin token came from this address; retry "
                                    + "after the time in Retry-After", path))
                    .build());
            return;
        }
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            failures.failed(address);
            request.abortWith(unauthorized(CHALLENGE, new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                    "this endpoint needs the admin token as 'Authorization: Bearer <token>'", path)));
            return;
        }
        if (!token.matches(header.substring(SCHEME.length()).trim())) {
            failures.failed(address);
            request.abortWith(unauthorized(CHALLENGE + ", error=\"invalid_token\"", new Problem(
                    Problem.type("invalid-token"), "Unauthorized", 401, "the bearer token is not the admin token",
                    path)));
        }
    }

    private static Response unauthorized(final String challenge, final Problem problem) {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, challenge).type(Problem.MEDIA_TYPE)
                .entity(problem).build();
    }
}
