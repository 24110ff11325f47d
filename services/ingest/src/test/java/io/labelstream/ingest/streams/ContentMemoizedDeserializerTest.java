package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ingest.fixtures.TestProjects;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.JsonSerde;
import org.junit.jupiter.api.Test;

class ContentMemoizedDeserializerTest {

    private final JsonSerde<Project> json = JsonSerde.of(Project.class);
    private final ContentMemoizedDeserializer<Project> memoized = new ContentMemoizedDeserializer<>(json);

    @Test
    void shouldParseEqualBytesOnceAndChangedBytesAgain() {
        final Project original = TestProjects.text("letters", new Project.Filters(1, null, null, null));
        final Project changed = TestProjects.text("letters", new Project.Filters(5, null, null, null));
        final byte[] bytes = json.serialize("projects", original);

        final Project first = memoized.deserialize("projects", bytes);
        final Project again = memoized.deserialize("projects", bytes.clone());
        bytes[0] = ' ';
        final Project afterTheCallerReusedItsArray =
                memoized.deserialize("projects", json.serialize("projects", original));
        final Project update = memoized.deserialize("projects", json.serialize("projects", changed));

        assertThat(first).isEqualTo(original);
        assertThat(again).isSameAs(first);
        assertThat(afterTheCallerReusedItsArray).isSameAs(first);
        assertThat(update).isEqualTo(changed);
        assertThat(memoized.deserialize("projects", null)).isNull();
    }
}
