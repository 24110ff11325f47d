package io.labelstream.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Renders the catalogue for readers outside Java: docs/topics.md for people and the Helm chart's topics.json for
 * KafkaTopic resources, so that neither can drift from what services use. Run {@code main} with both paths to
 * rewrite them; a test fails while a committed file differs.
 */
public final class TopicCatalogueDoc {

    private TopicCatalogueDoc() {
    }

    public static void main(final String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[1]), renderJson(), StandardCharsets.UTF_8);
    }

    /** The topics as the Helm chart reads them: name, partitions, topic config, and the services that write and read. */
    public static String renderJson() {
        final ArrayNode topics = Json.MAPPER.createArrayNode();
        for (final TopicSpec spec : Topics.catalogue()) {
            final ObjectNode topic = topics.addObject()
                    .put("name", spec.name())
                    .put("partitions", spec.partitions());
            final ObjectNode config = topic.putObject("config");
            new TreeMap<>(spec.config()).forEach(config::put);
            spec.writers().stream().map(Service::id).sorted().forEach(topic.putArray("writers")::add);
            spec.readers().stream().map(Service::id).sorted().forEach(topic.putArray("readers")::add);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(topics) + "\n";
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String render() {
        final StringBuilder doc = new StringBuilder();
        doc.append("# Topic catalogue\n\n")
                .append("Generated from `schemas/` (`io.labelstream.schemas.Topics`); do not edit by hand: run\n")
                .append("`mvn -q -pl schemas exec:java`.\n")
                .append("Every value is UTF-8 JSON; its schema is in `schemas/src/main/resources/schemas/<name>/v<N>.json`.\n")
                .append("Consumers read with `isolation.level=read_committed`.\n\n")
                .append("| topic | key | value schema | partitions | retention | producer | consumers |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (final TopicSpec spec : Topics.catalogue()) {
            doc.append("| `").append(spec.name()).append("` | ")
                    .append(spec.key()).append(" | `")
                    .append(spec.value().schemaResource(spec.value().currentVersion()).substring("schemas/".length()))
                    .append("` | ").append(spec.partitions())
                    .append(" | ").append(spec.retentionSummary())
                    .append(" | ").append(spec.producer())
                    .append(" | ").append(String.join(", ", spec.consumers()))
                    .append(" |\n");
        }
        doc.append("\n## What each topic is for\n\n");
        for (final TopicSpec spec : Topics.catalogue()) {
            doc.append("- `").append(spec.name()).append("`: ").append(spec.purpose()).append('\n');
        }
        doc.append("\n## Rejection reason codes (`items.rejected`)\n\n")
                .append("| code | meaning |\n|---|---|\n");
        for (final RejectReason reason : RejectReason.values()) {
            doc.append("| `").append(reason.name()).append("` | ").append(reason.description()).append(" |\n");
        }
        doc.append("\n## Model event types (`models`)\n\n")
                .append("Consumers skip types they do not know; only `promoted` and `rolled_back` name a champion.\n\n")
                .append("| type | meaning |\n|---|---|\n");
        for (final ModelEvent.Type type : ModelEvent.Type.values()) {
            doc.append("| `").append(type.name()).append("` | ").append(type.description()).append(" |\n");
        }
        doc.append("\nA promotion check compares a newly registered model with the champion on the same test split ")
                .append("(`promotionCheck`: `outcome`, `metric`, `score`, `champion`, `championScore`, `margin`):\n\n")
                .append("| outcome | meaning |\n|---|---|\n");
        for (final ModelEvent.Outcome outcome : ModelEvent.Outcome.values()) {
            doc.append("| `").append(outcome.name()).append("` | ").append(outcome.description()).append(" |\n");
        }
        doc.append("\n## Producing raw items with the stock console producer\n\n")
                .append("Any Kafka client can feed `items.raw`; one JSON document per line (see `raw-item/v1.json`):\n\n")
                .append("```sh\n")
                .append("bin/kafka-console-producer.sh --bootstrap-server 127.0.0.1:9092 --topic items.raw <<'JSON'\n")
                .append("{\"schemaVersion\":1,\"project\":\"spam\",\"sourceId\":\"console\",\"kind\":\"text\",")
                .append("\"contentType\":\"text/plain\",\"content\":\"Win a free cruise now!\"}\n")
                .append("JSON\n")
                .append("bin/kafka-console-consumer.sh --bootstrap-server 127.0.0.1:9092 --topic items.clean ")
                .append("--from-beginning --isolation-level read_committed\n")
                .append("```\n");
        return doc.toString();
    }
}
