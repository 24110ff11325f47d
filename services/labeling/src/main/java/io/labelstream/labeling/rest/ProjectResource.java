package io.labelstream.labeling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.ProjectService;
import io.labelstream.schemas.events.Project;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects", description = "Labeling-and-model tasks; every change is published to the projects topic")
public class ProjectResource {

    private final ProjectService projects;

    ProjectResource(final ProjectService projects) {
        this.projects = projects;
    }

    @GET
    @RolesAllowed({Role.LABELER, Role.ADMIN, Role.SERVICE})
    @Operation(summary = "All projects")
    public List<Project> list() {
        return projects.all();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.LABELER, Role.ADMIN, Role.SERVICE})
    @Operation(summary = "One project")
    public Project get(@PathParam("id") final String id) {
        return projects.require(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Create a project (409 if the id exists)",
            description = "The body is a project document without schemaVersion, revision and updatedAt.")
    public Response create(final JsonNode body, final UriInfo uri) {
        final ProjectService.Saved saved = projects.create(body);
        return Response.created(uri.getAbsolutePathBuilder().path(saved.project().id()).build())
                .entity(saved.project()).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Create or replace a project",
            description = "Idempotent: the same definition again keeps the revision and publishes nothing.")
    public Response put(@PathParam("id") final String id, final JsonNode body) {
        final ProjectService.Saved saved = projects.put(id, body);
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(saved.project()).build();
    }
}
