package io.labelstream.trainer.rest;

import io.labelstream.trainer.service.AdminToken;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request to an {@link AdminOnly} endpoint through only with {@code Authorization: Bearer <admin token>}.
 * Follows RFC 6750: no or a malformed credential and a wrong token are both 401 with a {@code WWW-Authenticate}
 * challenge, the latter with {@code error="invalid_token"}; the body is a problem like every other error.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"labelstream-trainer\"";

    private final AdminToken token;

    public AdminTokenFilter(final AdminToken token) {
        this.token = token;
    }

    @Override
    public void filter(final ContainerRequestContext request) {
        final String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        final String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            request.abortWith(unauthorized(CHALLENGE, new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                    "this endpoint needs the admin token as 'Authorization: Bearer <token>'", path)));
            return;
        }
        if (!token.matches(header.substring(SCHEME.length()).trim())) {
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
