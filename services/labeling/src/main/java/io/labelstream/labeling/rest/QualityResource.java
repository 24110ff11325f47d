package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.CallerResolver;
import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.ProjectService;
import io.labelstream.labeling.service.QualityService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Quality", description = "Labeler quality, inter-annotator agreement, suspensions")
public class QualityResource {

    private final QualityService quality;
    private final ProjectService projects;
    private final CallerResolver callers;

    QualityResource(final QualityService quality, final ProjectService projects, final CallerResolver callers) {
        this.quality = quality;
        this.projects = projects;
        this.callers = callers;
    }

    @GET
    @Path("/{project}/quality")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Krippendorff's alpha, task counts, and per labeler: gold accuracy, agreement, estimate")
    public QualityService.ProjectQuality report(@PathParam("project") final String project) {
        return quality.report(projects.require(project));
    }

    @GET
    @Path("/{project}/quality/me")
    @RolesAllowed({Role.LABELER, Role.ADMIN})
    @Operation(summary = "Your own answers and agreement with the final labels")
    public QualityService.OwnQuality own(@PathParam("project") final String project) {
        return quality.own(callers.current(), projects.require(project));
    }

    @DELETE
    @Path("/{project}/suspensions/{username}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Lift a labeler's suspension; their earlier uncounted answers stay uncounted")
    public Response lift(@PathParam("project") final String project, @PathParam("username") final String username) {
        quality.lift(projects.require(project).id(), username);
        return Response.noContent().build();
    }
}
