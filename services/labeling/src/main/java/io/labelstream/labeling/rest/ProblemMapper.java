package io.labelstream.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.labelstream.labeling.security.BasicCredentials;
import io.labelstream.labeling.security.LoginThrottle;
import io.labelstream.service.errors.Refusal;
import io.labelstream.service.errors.RefusalStatus;
import io.labelstream.service.security.FailedAttempts;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of the API leaves here as a problem body (RFC 9457). Authentication runs lazily (not proactively)
 * so that its failures pass through here too.
 */
public class ProblemMapper {

    private final LoginThrottle throttle;

    ProblemMapper(final LoginThrottle throttle) {
        this.throttle = throttle;
    }

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String CHALLENGE = "Basic realm=\"labelstream\", Bearer realm=\"labelstream\"";
    /** A Basic challenge makes browsers open their own login dialog over the web UI, which has its own form. */
    private static final String SCRIPT_CHALLENGE = "Bearer realm=\"labelstream\"";
    private static final String SCRIPT_REQUEST_HEADER = "X-Requested-With";

    @ServerExceptionMapper
    public Response problem(final ProblemException e, final UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response refused(final Refusal e, final UriInfo uri) {
        return respond(problem(e, path(uri)));
    }

    /** The one place where a refusal of the domain becomes a problem. */
    static Problem problem(final Refusal refusal, final String instance) {
        return new Problem(Problem.type(refusal.code()), refusal.title(), RefusalStatus.of(refusal),
                refusal.getMessage(), instance, refusal.errors().isEmpty() ? null : refusal.errors());
    }

    /** Credentials that were sent and failed count against their account and client address. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(final RuntimeException e, final UriInfo uri, final HttpHeaders headers,
            final HttpServerRequest http) {
        final String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            throttle.failed(BasicCredentials.username(authorization).orElse(null), LoginThrottleFilter.address(http));
        }
        final Problem problem = new Problem(Problem.type("unauthenticated"), "Authentication required", 401,
                "Log in with HTTP Basic or send a bearer token", path(uri), null);
        final boolean fromScript = headers.getHeaderString(SCRIPT_REQUEST_HEADER) != null;
        return Response.fromResponse(respond(problem))
                .header("WWW-Authenticate", fromScript ? SCRIPT_CHALLENGE : CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response throttled(final LoginThrottleFilter.TooManyFailedLogins e, final UriInfo uri) {
        final long seconds = FailedAttempts.retryAfterSeconds(e.retryAfter());
        return Response.fromResponse(respond(new Problem(Problem.type("too-many-failed-logins"),
                "Too many failed log-ins", 429, "Too many failed log-ins for this account or from this address;"
                + " try again in " + seconds + " s", path(uri), null)))
                .header("Retry-After", String.valueOf(seconds)).build();
    }

    @ServerExceptionMapper
    public Response forbidden(final ForbiddenException e, final UriInfo uri) {
        return respond(new Problem(Problem.type("forbidden"), "Forbidden", 403,
                "Your role does not allow this request", path(uri), null));
    }

    /** Named apart as well: Quarkus has its own, more specific mapper for a body of the wrong shape. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadable(final JsonProcessingException e, final UriInfo uri) {
        return respond(new Problem(Problem.type("malformed-json"), "The body is not valid JSON for this request",
                400, e.getOriginalMessage(), path(uri), null));
    }

    @ServerExceptionMapper
    public Response web(final WebApplicationException e, final UriInfo uri) {
        final int status = e.getResponse().getStatus();
        final Response.Status known = Response.Status.fromStatusCode(status);
        final String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return respond(new Problem(Problem.type("http-" + status), title, status, e.getMessage(), path(uri), null));
    }

    @ServerExceptionMapper
    public Response unexpected(final Exception e, final UriInfo uri) {
        LOG.error("Unexpected error on " + path(uri), e);
        return respond(new Problem(Problem.type("internal-error"), "Internal error", 500,
                "The request could not be completed; the error is logged", path(uri), null));
    }

    private static Response respond(final Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The problem's instance: the request's path. */
    static String path(final UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
