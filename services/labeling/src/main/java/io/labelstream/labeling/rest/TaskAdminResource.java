package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.ConsensusService;
import io.labelstream.labeling.service.ProjectService;
import io.labelstream.schemas.events.Label;
import io.labelstream.labeling.service.TaskAdminService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Items to label, gold items, and the items that need a person's decision")
public class TaskAdminResource {

    private final TaskAdminService tasks;
    private final ProjectService projects;
    private final ConsensusService consensus;

    TaskAdminResource(final TaskAdminService tasks, final ProjectService projects, final ConsensusService consensus) {
        this.tasks = tasks;
        this.projects = projects;
        this.consensus = consensus;
    }

    public record Decision(String label) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{project}/tasks")
    @RolesAllowed({Role.ADMIN, Role.SERVICE})
    @Operation(summary = "Queue an item by hand (reason manual)",
            description = "The same as a record on tasks.labeling; the item id makes it idempotent.")
    public Response add(@PathParam("project") final String project, final TaskAdminService.NewItem item) {
        final TaskAdminService.Queued queued = tasks.add(projects.require(project), item);
        return Response.status(queued.created() ? Response.Status.CREATED : Response.Status.OK).entity(queued).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{project}/gold")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Add a gold item: an item with a known answer, mixed into the queue at the gold rate")
    public Response gold(@PathParam("project") final String project, final TaskAdminService.NewGold gold) {
        final TaskAdminService.Queued queued = tasks.addGold(projects.require(project), gold);
        return Response.status(queued.created() ? Response.Status.CREATED : Response.Status.OK).entity(queued).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{project}/tasks/{taskId}/decision")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Decide an unresolved or flagged item; its label is published with method adjudicated")
    public Label decide(@PathParam("project") final String project, @PathParam("taskId") final String taskId,
            final Decision decision) {
        return consensus.adjudicate(projects.require(project), taskId, decision == null ? null : decision.label());
    }

    @GET
    @Path("/{project}/tasks")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Tasks by status (open, final, unresolved, flagged, auto_labeled) with their answers, prediction and reason")
    public List<TaskAdminService.TaskDetail> list(@PathParam("project") final String project,
            @QueryParam("status") final String status, @QueryParam("limit") final Integer limit) {
        return tasks.list(projects.require(project), status, limit == null ? 100 : limit);
    }
}
