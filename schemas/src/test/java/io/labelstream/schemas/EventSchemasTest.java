package io.labelstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventSchemasTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleValidatesAgainstItsSchema(final EventType type) {
        final JsonNode examples = SchemaFiles.current(type).get("examples");
        assertThat(examples).as("examples of %s", type).isNotEmpty();
        for (final JsonNode example : examples) {
            assertThat(EventSchemas.validate(type, type.currentVersion(), example)).as("%s", example).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleSurvivesTheJavaTypeUnchangedAndStillValidates(final EventType type) throws Exception {
        final JsonSerde<?> serde = JsonSerde.of(type.javaType());
        for (final JsonNode example : SchemaFiles.current(type).get("examples")) {
            final Object event = serde.deserialize("t", Json.MAPPER.writeValueAsBytes(example));
            final byte[] serialized = ((JsonSerde<Object>) serde).serialize("t", event);
            final JsonNode written = Json.MAPPER.readTree(serialized);
            assertThat(EventSchemas.validate(type, type.currentVersion(), written)).isEmpty();
            assertThat(written).isEqualTo(example);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void javaTypeAndSchemaNameTheSameFields(final EventType type) {
        final Set<String> javaFields = Arrays.stream(type.javaType().getRecordComponents())
                .map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new));
        final Set<String> schemaFields = new TreeSet<>();
        ((ObjectNode) SchemaFiles.current(type).get("properties")).fieldNames().forEachRemaining(schemaFields::add);
        assertThat(javaFields).isEqualTo(schemaFields);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void documentsWithAnUnknownFieldOrWithoutRequiredFieldsAreInvalid(final EventType type) {
        final JsonNode example = SchemaFiles.current(type).get("examples").get(0);
        final ObjectNode withExtra = example.deepCopy();
        withExtra.put("surprise", true);
        assertThat(EventSchemas.validate(type, type.currentVersion(), withExtra)).isNotEmpty();

        final ObjectNode withoutRequired = example.deepCopy();
        withoutRequired.remove(SchemaFiles.current(type).get("required").get(1).asText());
        assertThat(EventSchemas.validate(type, type.currentVersion(), withoutRequired)).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unpublishedVersionsHaveNoSchema(final EventType type) {
        assertThat(EventSchemas.schema(type, type.currentVersion() + 1)).isEmpty();
    }
}
