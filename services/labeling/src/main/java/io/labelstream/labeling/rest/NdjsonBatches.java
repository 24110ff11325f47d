package io.labelstream.labeling.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bulk NDJSON request answered line by line: the body is read in batches, each batch is handled in one go (one
 * transaction), and one result line per input line is written, in order, as each batch is done. A client sees
 * progress and learns exactly which lines counted; blank lines are skipped.
 */
final class NdjsonBatches {

    static final String NDJSON = "application/x-ndjson";
    /** Lines per batch: large enough to amortise a commit, small enough to show progress. */
    static final int BATCH = 500;

    /** An input line: its number, and its JSON object or why it is not one. */
    record Line(int number, JsonNode json, String error) {
    }

    private NdjsonBatches() {
    }

    /** @param handler results for a batch's lines, one per line, in their order */
    static StreamingOutput process(final InputStream body, final ObjectMapper mapper,
            final Function<List<Line>, List<ObjectNode>> handler) {
        return output -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                final List<Line> batch = new ArrayList<>(BATCH);
                int number = 0;
                String text;
                while ((text = reader.readLine()) != null) {
                    number++;
                    if (!text.isBlank()) {
                        batch.add(parse(mapper, number, text));
                    }
                    if (batch.size() == BATCH) {
                        write(output, mapper, handler.apply(batch));
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    write(output, mapper, handler.apply(batch));
                }
            }
        };
    }

    /** The result line of a refused input line. */
    static ObjectNode refused(final ObjectMapper mapper, final Line line, final List<String> errors) {
        final ObjectNode result = mapper.createObjectNode().put("line", line.number()).put("status", "refused");
        result.set("errors", mapper.valueToTree(errors));
        return result;
    }

    private static Line parse(final ObjectMapper mapper, final int number, final String text) {
        try {
            final JsonNode json = mapper.readTree(text);
            return json != null && json.isObject()
                    ? new Line(number, json, null)
                    : new Line(number, null, "line: must be a JSON object");
        } catch (final JsonProcessingException e) {
            return new Line(number, null, "line: not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static void write(final OutputStream output, final ObjectMapper mapper, final List<ObjectNode> results)
            throws IOException {
        for (final ObjectNode result : results) {
            output.write(mapper.writeValueAsBytes(result));
            output.write('\n');
        }
        output.flush();
    }
}
