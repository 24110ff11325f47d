package io.labelstream.ingest.rest;

import io.labelstream.ingest.service.ApiKeys;
import io.labelstream.service.security.FailedAttempts;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API leaves as an RFC 9457 problem body, including the framework's own (404, 405, 415). */
public class ProblemExceptionMapper {

    @ServerExceptionMapper
    public Response problem(final ProblemException exception, final UriInfo uri) {
        return Response.status(exception.status())
                .type(Problem.MEDIA_TYPE)
                .entity(exception.toProblem(uri.getPath()))
                .build();
    }

    @ServerExceptionMapper
    public Response tooManyFailedKeys(final ApiKeys.TooManyFailedKeys exception, final UriInfo uri) {
        return Response.status(429)
                .header("Retry-After", String.valueOf(FailedAttempts.retryAfterSeconds(exception.retryAfter())))
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type("too-many-failed-keys"), "Too many requests",
                        429, "Too many requests with a missing or unknown API key came from this address; retry after "
                                + "the time in Retry-After.", uri.getPath(), null))
                .build();
    }

    @ServerExceptionMapper
    public Response webApplication(final WebApplicationException exception, final UriInfo uri) {
        final Response.StatusType status = exception.getResponse().getStatusInfo();
        return Response.status(status.getStatusCode())
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type("http-" + status.getStatusCode()), status.getReasonPhrase(),
                        status.getStatusCode(), exception.getMessage(), uri.getPath(), null))
                .build();
    }
}
