package io.labelstream.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.ConsensusService;
import io.labelstream.labeling.service.ProjectService;
import io.labelstream.labeling.service.TaskAdminService;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.service.errors.Refusal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
    private final ObjectMapper mapper;

    TaskAdminResource(final TaskAdminService tasks, final ProjectService projects, final ConsensusService consensus,
            final ObjectMapper mapper) {
        this.tasks = tasks;
        this.projects = projects;
        this.consensus = consensus;
        this.mapper = mapper;
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
    @Consumes(NdjsonBatches.NDJSON)
    @Produces(NdjsonBatches.NDJSON)
    @Path("/{project}/tasks")
    @RolesAllowed({Role.ADMIN, Role.SERVICE})
    @Operation(summary = "Queue many items by hand (NDJSON)",
            description = "Each line as the JSON body of one item; one result line per input line: {line, itemId, "
                    + "taskId, status: created | exists | refused, errors}, written as each batch commits.")
    public Response addAll(@PathParam("project") final String project, final InputStream body) {
        final Project definition = projects.require(project);
        return Response.ok(NdjsonBatches.process(body, mapper, batch -> queue(definition, batch)),
                NdjsonBatches.NDJSON).build();
    }

    private List<ObjectNode> queue(final Project project, final List<NdjsonBatches.Line> batch) {
        final List<TaskAdminService.NewItem> items = new ArrayList<>();
        final List<ObjectNode> results = new ArrayList<>(batch.size());
        for (final NdjsonBatches.Line line : batch) {
            TaskAdminService.NewItem item = null;
            String error = line.error();
            if (line.json() != null) {
                try {
                    item = mapper.treeToValue(line.json(), TaskAdminService.NewItem.class);
                } catch (final JsonProcessingException e) {
                    error = "line: not an item (" + e.getOriginalMessage() + ")";
                }
            }
            results.add(item == null ? NdjsonBatches.refused(mapper, line, List.of(error)) : null);
            if (item != null) {
                items.add(item);
            }
        }
        final List<TaskAdminService.QueueOutcome> outcomes = items.isEmpty() ? List.of() : tasks.addAll(project, items);
        int next = 0;
        for (int k = 0; k < results.size(); k++) {
            if (results.get(k) == null) {
                final TaskAdminService.QueueOutcome outcome = outcomes.get(next++);
                final ObjectNode result = mapper.createObjectNode().put("line", batch.get(k).number())
                        .put("itemId", outcome.itemId()).put("taskId", outcome.taskId())
                        .put("status", outcome.status());
                if (!outcome.errors().isEmpty()) {
                    result.set("errors", mapper.valueToTree(outcome.errors()));
                }
                results.set(k, result);
            }
        }
        return results;
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
    @Operation(summary = "A page of tasks with their answers, prediction and reason",
            description = "Filters: status (open, final, unresolved, flagged, auto_labeled), lane (regular, "
                    + "qa_sample, gold), updatedSince (RFC 3339; then ordered by time of change, oldest first, "
                    + "otherwise newest first). limit 1 to 1000 (100). When there is more, the Link header's "
                    + "rel=\"next\" URL (and X-Next-Cursor) gives the next page; pass the cursor back with the "
                    + "same filters.")
    public Response list(@PathParam("project") final String project, @QueryParam("status") final String status,
            @QueryParam("lane") final String lane, @QueryParam("updatedSince") final String updatedSince,
            @QueryParam("limit") final Integer limit, @QueryParam("cursor") final String cursor,
            @Context final UriInfo uri) {
        final TaskAdminService.TaskPage page = tasks.page(projects.require(project), new TaskAdminService.TaskQuery(
                status, lane, instant(updatedSince), limit == null ? 100 : limit, cursor));
        final Response.ResponseBuilder response = Response.ok(page.tasks());
        if (page.nextCursor() != null) {
            response.header("X-Next-Cursor", page.nextCursor())
                    .link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.nextCursor()).build(), "next");
        }
        return response.build();
    }

    private static Instant instant(final String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (final DateTimeParseException e) {
            throw Refusal.invalid("The task listing's parameters are not valid",
                    List.of("updatedSince: an RFC 3339 date-time such as 2026-12-01T00:00:00Z"));
        }
    }
}
