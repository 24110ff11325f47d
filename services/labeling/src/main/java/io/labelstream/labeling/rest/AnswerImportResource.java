package io.labelstream.labeling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.labeling.security.Role;
import io.labelstream.labeling.service.AnswerImportService;
import io.labelstream.labeling.service.AnswerImportService.ImportedAnswer;
import io.labelstream.labeling.service.AnswerImportService.Outcome;
import io.labelstream.labeling.service.ProjectService;
import io.labelstream.schemas.events.Project;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The bulk import of answers collected elsewhere, as NDJSON in and out: one result line per input line, in order,
 * written as each batch of answers commits.
 */
@Path("/api/v1/projects")
@RolesAllowed({Role.ADMIN, Role.SERVICE})
@Tag(name = "Import", description = "Answers collected elsewhere, into the same consensus")
public class AnswerImportResource {

    private static final int MAX_ID = 200;

    private final AnswerImportService imports;
    private final ProjectService projects;
    private final ObjectMapper mapper;

    AnswerImportResource(final AnswerImportService imports, final ProjectService projects, final ObjectMapper mapper) {
        this.imports = imports;
        this.projects = projects;
        this.mapper = mapper;
    }

    @POST
    @Path("/{project}/answers")
    @Consumes(NdjsonBatches.NDJSON)
    @Produces(NdjsonBatches.NDJSON)
    @Operation(summary = "Import answers collected elsewhere (NDJSON)",
            description = "Each line: {answerId, worker, taskId or itemId, label, answeredAt (optional, RFC 3339)}. "
                    + "Each worker becomes a labeler account that cannot log in, and the answers feed the same "
                    + "consensus, in the order sent, as answers given here. Idempotent by answerId. One result line "
                    + "per input line: {line, answerId, status: accepted | duplicate | refused, errors}.")
    public Response importAnswers(@PathParam("project") final String projectId, final InputStream body) {
        final Project project = projects.require(projectId);
        return Response.ok(NdjsonBatches.process(body, mapper, batch -> run(project, batch)), NdjsonBatches.NDJSON)
                .build();
    }

    /** The answer a line holds, or why it holds none. */
    private record Parsed(NdjsonBatches.Line line, ImportedAnswer answer, List<String> errors) {
    }

    private List<ObjectNode> run(final Project project, final List<NdjsonBatches.Line> batch) {
        final List<Parsed> parsed = batch.stream().map(line -> parse(project, line)).toList();
        final List<ImportedAnswer> valid = parsed.stream().filter(p -> p.answer() != null)
                .map(Parsed::answer).toList();
        final List<Outcome> outcomes = valid.isEmpty() ? List.of() : imports.importBatch(project, valid);
        final List<ObjectNode> results = new ArrayList<>(batch.size());
        int next = 0;
        for (final Parsed line : parsed) {
            final ObjectNode result;
            if (line.answer() == null) {
                result = NdjsonBatches.refused(mapper, line.line(), line.errors());
            } else {
                final Outcome outcome = outcomes.get(next++);
                result = mapper.createObjectNode().put("line", line.line().number()).put("status", outcome.status());
                if (outcome.error() != null) {
                    result.set("errors", mapper.valueToTree(List.of(outcome.error())));
                }
            }
            final JsonNode answerId = line.line().json() == null ? null : line.line().json().get("answerId");
            if (answerId != null && answerId.isTextual()) {
                result.put("answerId", answerId.textValue());
            }
            results.add(result);
        }
        return results;
    }

    private static Parsed parse(final Project project, final NdjsonBatches.Line line) {
        if (line.json() == null) {
            return new Parsed(line, null, List.of(line.error()));
        }
        final JsonNode node = line.json();
        final List<String> errors = new ArrayList<>();
        final String answerId = identifier(node, "answerId", true, errors);
        final String worker = identifier(node, "worker", true, errors);
        final String taskId = identifier(node, "taskId", false, errors);
        final String itemId = identifier(node, "itemId", false, errors);
        if (!node.hasNonNull("taskId") && !node.hasNonNull("itemId")) {
            errors.add("taskId or itemId: one is required");
        }
        final String label = node.path("label").isTextual() ? node.get("label").textValue() : null;
        if (label == null || !project.labelNames().contains(label)) {
            errors.add("label: one of " + project.labelNames());
        }
        Instant answeredAt = Instant.now();
        if (node.hasNonNull("answeredAt")) {
            try {
                answeredAt = OffsetDateTime.parse(node.get("answeredAt").asText()).toInstant();
            } catch (final DateTimeParseException e) {
                errors.add("answeredAt: an RFC 3339 date-time such as 2026-12-01T09:30:00Z");
            }
        }
        return errors.isEmpty()
                ? new Parsed(line, new ImportedAnswer(answerId, worker, taskId, itemId, label, answeredAt), List.of())
                : new Parsed(line, null, errors);
    }

    /** A required or optional identifier: 1 to 200 characters without control characters. */
    private static String identifier(final JsonNode node, final String field, final boolean required,
            final List<String> errors) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(field + ": required");
            }
            return null;
        }
        final String text = value.isTextual() ? value.textValue() : null;
        if (text == null || text.isEmpty() || text.length() > MAX_ID || text.chars().anyMatch(Character::isISOControl)) {
            errors.add(field + ": a string of 1 to " + MAX_ID + " characters without control characters");
            return null;
        }
        return text;
    }
}
