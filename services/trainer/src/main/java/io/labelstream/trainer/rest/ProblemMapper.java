package io.labelstream.trainer.rest;

import io.labelstream.service.errors.Refusal;
import io.labelstream.service.errors.RefusalStatus;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API leaves here as a problem body (RFC 9457). */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(final ProblemException e, final UriInfo uri) {
        return respond(new Problem(Problem.type(e.type()), e.title(), e.status(), e.getMessage(), path(uri)));
    }

    /** The one place where a refusal of the domain becomes a problem. */
    @ServerExceptionMapper
    public Response refused(final Refusal e, final UriInfo uri) {
        return respond(new Problem(Problem.type(e.code()), e.title(), RefusalStatus.of(e), e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response web(final WebApplicationException e, final UriInfo uri) {
        final int status = e.getResponse().getStatus();
        final Response.Status known = Response.Status.fromStatusCode(status);
        final String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return respond(new Problem(Problem.type("http-" + status), title, status, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response unexpected(final Exception e, final UriInfo uri) {
        LOG.error("Unexpected error on " + path(uri), e);
        return respond(new Problem(Problem.type("internal-error"), "Internal error", 500,
                "The trainer failed to handle the request; the log has the details", path(uri)));
    }

    private static Response respond(final Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(final UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
