package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ingest.fixtures.TestProjects;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.JsonSerde;
import org.junit.jupiter.api.Test;

class ContentMemoizedSerdeTest {

    private final ContentMemoizedSerde<Project> serde = new ContentMemoizedSerde<>(JsonSerde.of(Project.class));

    @Test
    void shouldParseEqualBytesOnceAndChangedBytesAgain() {
        final Project original = TestProjects.text("letters", new Project.Filters(1, null, null, null));
        final Project changed = TestProjects.text("letters", new Project.Filters(5, null, null, null));
        final byte[] bytes = serde.serializer().serialize("projects", original);

        final Project first = serde.deserialize("projects", bytes);
        final Project again = serde.deserialize("projects", bytes.clone());
        bytes[0] = ' ';
        final Project afterTheCallerReusedItsArray = serde.deserialize("projects", serde.serializer().serialize("projects", original));
        final Project update = serde.deserialize("projects", serde.serializer().serialize("projects", changed));

        assertThat(first).isEqualTo(original);
        assertThat(again).isSameAs(first);
        assertThat(afterTheCallerReusedItsArray).isSameAs(first);
        assertThat(update).isEqualTo(changed);
        assertThat(serde.deserialize("projects", null)).isNull();
    }
}
