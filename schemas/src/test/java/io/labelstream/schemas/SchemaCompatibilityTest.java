package io.labelstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A published schema version is a promise to producers and consumers: it may only grow. The snapshots under
 * {@code src/test/resources/published/} are the versions as published; this test compares the live files with them.
 * Publishing a new version means adding its snapshot; changing a published one any other way than additively is a
 * new version.
 */
class SchemaCompatibilityTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyCurrentVersionIsPublished(final EventType type) {
        assertThat(SchemaFiles.isPublished(type, type.currentVersion()))
                .as("snapshot published/%s: copy the schema there when publishing it",
                        type.schemaResource(type.currentVersion()))
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void publishedVersionsOnlyGrow(final EventType type) {
        for (int version = 1; version <= type.currentVersion(); version++) {
            final JsonNode published = SchemaFiles.published(type, version);
            final JsonNode current = SchemaFiles.current(type);
            assertThat(breakingChanges("", published, current)).as("%s v%d", type, version).isEmpty();
        }
    }

    @Test
    void aRemovedFieldANewRequiredFieldAndANarrowedEnumAreBreaking() throws Exception {
        final JsonNode before = Json.MAPPER.readTree("""
                {"type":"object","required":["a"],"properties":{"a":{"type":"string"},"b":{"enum":["x","y"]},"c":{"type":"integer"}}}
                """);
        final JsonNode after = Json.MAPPER.readTree("""
                {"type":"object","required":["a","d"],"properties":{"a":{"type":"string"},"b":{"enum":["x"]},"d":{"type":"string"}}}
                """);
        assertThat(breakingChanges("", before, after)).containsExactlyInAnyOrder(
                "/required gained d", "/properties/b/enum lost \"y\"", "/properties/c was removed");
        assertThat(breakingChanges("", before, before)).isEmpty();
    }

    @Test
    void aNewOptionalFieldAndAWiderEnumAreAdditive() throws Exception {
        final JsonNode before = Json.MAPPER.readTree("""
                {"type":"object","required":["a"],"properties":{"a":{"enum":["x"]}}}
                """);
        final JsonNode after = Json.MAPPER.readTree("""
                {"type":"object","required":["a"],"properties":{"a":{"enum":["x","y"]},"e":{"type":"string"}}}
                """);
        assertThat(breakingChanges("", before, after)).isEmpty();
    }

    /** Differences that could break a reader or writer of {@code before}; descriptions and examples may change freely. */
    static List<String> breakingChanges(final String path, final JsonNode before, final JsonNode after) {
        final List<String> problems = new ArrayList<>();
        if (before.isObject()) {
            if (!after.isObject()) {
                problems.add(path + " is no longer an object");
                return problems;
            }
            final Iterator<Map.Entry<String, JsonNode>> fields = before.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                final String name = field.getKey();
                final String childPath = path + "/" + name;
                if (Set.of("description", "examples", "title").contains(name)) {
                    continue;
                }
                if (!after.has(name)) {
                    problems.add(childPath + " was removed");
                } else if ("required".equals(name)) {
                    final Set<String> was = texts(field.getValue());
                    texts(after.get(name)).stream().filter(r -> !was.contains(r)).sorted()
                            .forEach(r -> problems.add(childPath + " gained " + r));
                } else if ("enum".equals(name)) {
                    final Set<JsonNode> now = new HashSet<>();
                    after.get(name).forEach(now::add);
                    field.getValue().forEach(v -> {
                        if (!now.contains(v)) {
                            problems.add(childPath + " lost " + v);
                        }
                    });
                } else {
                    problems.addAll(breakingChanges(childPath, field.getValue(), after.get(name)));
                }
            }
        } else if (!before.equals(after)) {
            problems.add(path + " changed from " + before + " to " + after);
        }
        return problems;
    }

    private static Set<String> texts(final JsonNode array) {
        final Set<String> values = new HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
