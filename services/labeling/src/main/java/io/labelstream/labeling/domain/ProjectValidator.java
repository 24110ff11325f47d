package io.labelstream.labeling.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.schemas.EventSchemas;
import io.labelstream.schemas.EventType;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a project definition sent by an admin. The published JSON Schema is the first check, so the API can never
 * accept a project that other services would reject; rules a schema cannot express follow. Every error is
 * reported, not only the first.
 */
public final class ProjectValidator {

    public record Result(Project project, List<String> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private ProjectValidator() {
    }

    /**
     * @param pathId the id from the URL, or null when the body names it
     * @param body the definition without the server's fields ({@code schemaVersion}, {@code revision},
     *             {@code updatedAt}), which are set here
     */
    public static Result validate(final String pathId, final JsonNode body, final long revision, final Instant now) {
        if (body == null || !body.isObject()) {
            return new Result(null, List.of("body: must be a JSON object"));
        }
        final ObjectNode document = ((ObjectNode) body).deepCopy();
        final List<String> errors = new ArrayList<>();
        nulCharacters("", document, errors);
        if (pathId != null) {
            if (document.hasNonNull("id") && !pathId.equals(document.get("id").asText())) {
                errors.add("id: '" + document.get("id").asText() + "' differs from the id in the path '" + pathId + "'");
            }
            document.put("id", pathId);
        }
        document.put("schemaVersion", Project.VERSION);
        document.put("revision", revision);
        document.put("updatedAt", now.toString());
        errors.addAll(EventSchemas.validate(EventType.PROJECT, Project.VERSION, document));
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        final Project project = Json.MAPPER.convertValue(document, Project.class);
        errors.addAll(semanticErrors(project));
        return new Result(errors.isEmpty() ? project : null, errors);
    }

    /** PostgreSQL cannot store a NUL character in text, and no name, id or description needs one. */
    private static void nulCharacters(final String path, final JsonNode node, final List<String> errors) {
        if (node.isTextual() && node.textValue().indexOf(0) >= 0) {
            errors.add(path + ": must not contain a NUL character (U+0000)");
        }
        node.fields().forEachRemaining(field -> nulCharacters(
                path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), errors));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            nulCharacters(path + "[" + i + "]", node.get(i), errors);
        }
    }

    private static List<String> semanticErrors(final Project project) {
        final List<String> errors = new ArrayList<>();
        if (project.redundancy().minLabelers() > project.redundancy().maxLabelers()) {
            errors.add("redundancy: minLabelers must not exceed maxLabelers");
        }
        final Set<String> names = new HashSet<>();
        final Set<String> hotkeys = new HashSet<>();
        for (final Project.LabelDefinition label : project.labels()) {
            if (!names.add(label.name())) {
                errors.add("labels: the name '" + label.name() + "' appears twice");
            }
            if (label.hotkey() != null && !hotkeys.add(label.hotkey())) {
                errors.add("labels: the hotkey '" + label.hotkey() + "' appears twice");
            }
        }
        if (project.kind() == ItemKind.image && project.image() == null) {
            errors.add("image: an image project needs the image size and channels");
        }
        if (project.kind() == ItemKind.text && project.image() != null) {
            errors.add("image: only image projects have an image size");
        }
        final Project.Filters filters = project.filters();
        if (filters != null) {
            if (filters.minLength() != null && filters.maxLength() != null && filters.minLength() > filters.maxLength()) {
                errors.add("filters: minLength must not exceed maxLength");
            }
            if (filters.denyPatterns() != null) {
                for (final String pattern : filters.denyPatterns()) {
                    try {
                        Pattern.compile(pattern);
                    } catch (final PatternSyntaxException e) {
                        errors.add("filters.denyPatterns: '" + pattern + "' is not a regular expression: "
                                + e.getDescription());
                    }
                }
            }
        }
        return errors;
    }
}
