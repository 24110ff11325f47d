package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.ExportService;
import io.labelstream.labeling.service.ProjectService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/projects")
@RolesAllowed({Role.ADMIN, Role.SERVICE})
@Tag(name = "Exports", description = "A project's final labels, streamed")
public class ExportResource {

    private final ExportService exports;
    private final ProjectService projects;

    ExportResource(final ExportService exports, final ProjectService projects) {
        this.exports = exports;
        this.projects = projects;
    }

    @GET
    @Path("/{project}/labels.jsonl")
    @Produces("application/x-ndjson")
    @Operation(summary = "Final labels as JSON lines, each exactly the event published on the labels topic")
    public Response jsonl(@PathParam("project") final String project) {
        final String id = projects.require(project).id();
        return attachment((StreamingOutput) out -> exports.jsonl(id, out), id + "-labels.jsonl");
    }

    @GET
    @Path("/{project}/labels.csv")
    @Produces("text/csv")
    @Operation(summary = "Final labels as CSV (RFC 4180), annotations as pseudonym:label pairs")
    public Response csv(@PathParam("project") final String project) {
        final String id = projects.require(project).id();
        return attachment((StreamingOutput) out -> exports.csv(id, out), id + "-labels.csv");
    }

    private static Response attachment(final StreamingOutput body, final String filename) {
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }
}
