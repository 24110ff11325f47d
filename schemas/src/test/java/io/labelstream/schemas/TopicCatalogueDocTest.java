package io.labelstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TopicCatalogueDocTest {

    private static final Path DOC = Path.of("..", "docs", "topics.md");
    private static final Path HELM_TOPICS = Path.of("..", "helm", "labelstream", "files", "topics.json");

    @Test
    void committedTopicCatalogueMatchesTheSchemasModule() throws Exception {
        assertThat(Files.readString(DOC))
                .as("docs/topics.md is stale: regenerate it with mvn -q -pl schemas exec:java")
                .isEqualTo(TopicCatalogueDoc.render());
    }

    @Test
    void helmChartTopicsMatchTheSchemasModule() throws Exception {
        assertThat(Files.readString(HELM_TOPICS))
                .as("helm/labelstream/files/topics.json is stale: regenerate it with mvn -q -pl schemas exec:java")
                .isEqualTo(TopicCatalogueDoc.renderJson());
    }

    @Test
    void everyTopicIsInTheCatalogueOnceWithAValueSchema() {
        assertThat(Topics.catalogue()).extracting(TopicSpec::name).doesNotHaveDuplicates().contains(
                Topics.ITEMS_RAW, Topics.ITEMS_CLEAN, Topics.ITEMS_DUPLICATES, Topics.ITEMS_REJECTED,
                Topics.PREDICTIONS, Topics.TASKS_LABELING, Topics.LABELS, Topics.MODELS,
                Topics.TRAINING_PROGRESS, Topics.PROJECTS);
        Topics.catalogue().forEach(spec ->
                assertThat(EventSchemas.schema(spec.value(), spec.value().currentVersion())).isPresent());
    }
}
