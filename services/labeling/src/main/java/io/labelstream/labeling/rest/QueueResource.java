package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.CallerResolver;
import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.AssignmentService;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/assignments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.LABELER, Role.ADMIN})
@Tag(name = "Queue", description = "A labeler's work: next task, answer, skip or flag")
public class QueueResource {

    private final AssignmentService assignments;
    private final CallerResolver callers;

    QueueResource(final AssignmentService assignments, final CallerResolver callers) {
        this.assignments = assignments;
        this.callers = callers;
    }

    public record Submission(String submissionId, String label) {
    }

    public record Skip(String flag, String comment) {
    }

    @POST
    @Operation(summary = "Claim the next task of a project (or get the one already held), or a given task",
            description = "Returns the task id, the content to label and a lease expiry; 204 when there is "
                    + "no work for you. With taskId, that task is leased under the same rules (open, a free slot, "
                    + "never held by you) whatever its place in the queue: 404 when it does not exist, 409 when it "
                    + "has no free slot or you held it before.")
    @APIResponse(responseCode = "200", description = "A leased task")
    @APIResponse(responseCode = "204", description = "Nothing to label right now")
    public Response next(@QueryParam("project") final String project, @QueryParam("taskId") final String taskId) {
        if (project == null) {
            throw Refusal.invalid("Which project?", List.of("project: the query parameter is required"));
        }
        if (taskId != null) {
            return Response.ok(assignments.claimTask(callers.current(), project, taskId)).build();
        }
        return assignments.next(callers.current(), project)
                .map(view -> Response.ok(view).build())
                .orElseGet(() -> Response.noContent().build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your own assignments")
    public AssignmentService.AssignmentView get(@PathParam("id") final String id) {
        return assignments.view(callers.current(), uuid(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}/answer")
    @Operation(summary = "Answer an assignment",
            description = "Idempotent by submissionId: sending the same answer again returns the same receipt. "
                    + "409 when the lease expired and the item went to someone else.")
    public AssignmentService.Receipt answer(@PathParam("id") final String id, final Submission submission) {
        if (submission == null) {
            throw Refusal.invalid("The submission is not valid", List.of("body: required"));
        }
        return assignments.submit(callers.current(), uuid(id), submission.submissionId(), submission.label());
    }

    /**
     * An answer and the next task of the same project. {@code next} is null when there is no work for you;
     * {@code nextRefused} says why no next task was leased when that was refused (the answer stands either way).
     */
    public record AnswerAndNext(AssignmentService.Receipt receipt, AssignmentService.AssignmentView next,
            Problem nextRefused) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}/answer-and-next")
    @Operation(summary = "Answer an assignment and lease your next task of its project, in one call",
            description = "The answer is recorded exactly as by /answer, with the same errors and the same "
                    + "idempotency by submissionId; then, in a transaction of its own, the next task is leased as by "
                    + "POST /assignments?project=. One round trip per item instead of two. next is null when there "
                    + "is no work for you; when leasing was refused (for example, this answer suspended you), "
                    + "nextRefused is the problem, and the answer stands.")
    public AnswerAndNext answerAndNext(@PathParam("id") final String id, final Submission submission,
            @Context final UriInfo uri) {
        final AssignmentService.Receipt receipt = answer(id, submission);
        try {
            return new AnswerAndNext(receipt, assignments.next(callers.current(), receipt.project()).orElse(null),
                    null);
        } catch (final Refusal refused) {
            return new AnswerAndNext(receipt, null, ProblemMapper.problem(refused, ProblemMapper.path(uri)));
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}/skip")
    @Operation(summary = "Give the item back unanswered, optionally flagged irrelevant, unclear or offensive")
    public Response skip(@PathParam("id") final String id, final Skip skip) {
        assignments.skip(callers.current(), uuid(id), skip == null ? null : skip.flag(),
                skip == null ? null : skip.comment());
        return Response.noContent().build();
    }

    private static UUID uuid(final String id) {
        try {
            return UUID.fromString(id);
        } catch (final IllegalArgumentException e) {
            throw Refusal.notFound("Assignment " + id);
        }
    }
}
