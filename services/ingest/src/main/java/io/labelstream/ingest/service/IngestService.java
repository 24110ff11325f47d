package io.labelstream.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.ingest.config.IngestConfig;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.cleaning.RawItemParser;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Checks each item of a request as the cleaning topology's first step would (the same parser, the same reason
 * codes), attributes it to the request's source, and publishes the well-formed ones to {@code items.raw} in one
 * transaction. A bad item is rejected on its own; it never fails its batch.
 */
@ApplicationScoped
public class IngestService {

    private final RawItemParser parser;
    private final RawItemPublisher publisher;

    IngestService(final IngestConfig config, final RawItemPublisher publisher) {
        this.parser = new RawItemParser(config.cleaning().maxRecordBytes());
        this.publisher = publisher;
    }

    /** One verdict per item, in order; {@code items.get(i)} is line {@code i + 1}, null for a blank line. */
    public List<ItemResult> ingest(final String source, final List<byte[]> items) {
        final ItemResult[] results = new ItemResult[items.size()];
        final List<Integer> lines = new ArrayList<>();
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                continue;
            }
            try {
                records.add(record(source, items.get(i)));
                lines.add(i);
            } catch (final ItemRejectedException e) {
                results[i] = ItemResult.rejected(i + 1, e.reason(), e.detail());
            }
        }
        if (!records.isEmpty()) {
            final List<RawRef> refs = publisher.publish(records);
            for (int j = 0; j < refs.size(); j++) {
                results[lines.get(j)] = ItemResult.accepted(lines.get(j) + 1, refs.get(j));
            }
        }
        return Arrays.stream(results).filter(result -> result != null).toList();
    }

    private ProducerRecord<byte[], byte[]> record(final String source, final byte[] line) {
        final JsonNode document = parser.read(line);
        if (document instanceof ObjectNode object) {
            attribute(object, source);
        }
        final RawItem item = parser.validate(document);
        final byte[] key = item.sourceItemId() == null ? null : item.sourceItemId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(Topics.ITEMS_RAW, key, json(document));
    }

    /** The API key names the source: an item may leave sourceId out, but may not claim another source. */
    private static void attribute(final ObjectNode item, final String source) {
        final JsonNode claimed = item.get("sourceId");
        if (claimed == null) {
            item.put("sourceId", source);
        } else if (!claimed.isTextual() || !claimed.asText().equals(source)) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE,
                    "sourceId " + claimed + " is not the source of the API key ('" + source + "').");
        }
    }

    private static byte[] json(final JsonNode document) {
        try {
            return Json.MAPPER.writeValueAsBytes(document);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A parsed document can always be written", e);
        }
    }
}
