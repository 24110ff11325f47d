package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.OperationsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/operations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
@Tag(name = "Operations", description = "What the operators' dashboard shows")
public class OperationsResource {

    private final OperationsService operations;

    OperationsResource(final OperationsService operations) {
        this.operations = operations;
    }

    @GET
    @Path("/projects/{project}")
    @Operation(summary = "A project's queue, labelers, final labels per hour, training progress and model versions",
            description = "Training and models come from the training.progress and models topics.")
    public OperationsService.ProjectOperations project(@PathParam("project") final String project) {
        return operations.of(project);
    }
}
