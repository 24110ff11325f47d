package io.labelstream.inference.rest;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.labelstream.inference.service.PredictionRefused;

/** Every refused request answers with a problem body; this is the one place that chooses status and type. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(final ProblemException exception, final UriInfo uriInfo) {
        return respond(exception, uriInfo);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(final NotSupportedException exception, final UriInfo uriInfo) {
        return respond(new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                "Send JSON (" + MediaType.APPLICATION_JSON + ")."), uriInfo);
    }

    @ServerExceptionMapper
    public Response refused(final PredictionRefused refused, final UriInfo uriInfo) {
        return respond(switch (refused.reason()) {
            case EMPTY_BATCH -> new ProblemException(400, "empty-batch", "Empty batch", refused.getMessage());
            case BATCH_TOO_LARGE -> new ProblemException(413, "batch-too-large", "Batch too large",
                    refused.getMessage());
            case MIXED_PROJECTS -> new ProblemException(400, "mixed-projects", "Items of several projects",
                    refused.getMessage());
            case ITEMS_REJECTED -> new ProblemException(422, "item-rejected", "Item rejected", refused.getMessage(),
                    refused.errors(), refused.rejections().stream()
                            .map(r -> new Problem.Rejection(r.item(), r.reason().name(), r.detail())).toList());
            case NO_CHAMPION -> new ProblemException(409, "no-champion", "No model yet", refused.getMessage());
            case UNREADABLE_ITEM -> new ProblemException(422, "unreadable-item", "Unreadable item",
                    refused.getMessage(), refused.errors());
            case NOT_READY -> new ProblemException(503, "not-ready", "Not ready", refused.getMessage());
        }, uriInfo);
    }

    private static Response respond(final ProblemException exception, final UriInfo uriInfo) {
        final Response.ResponseBuilder response = Response.status(exception.status())
                .type(Problem.MEDIA_TYPE)
                .entity(exception.toProblem(uriInfo.getPath()));
        if (exception.status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
