package io.labelstream.ingest.rest;

import io.labelstream.ingest.config.IngestConfig;
import io.labelstream.ingest.service.ApiKeys;
import io.labelstream.ingest.service.IngestService;
import io.labelstream.ingest.service.ItemResult;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.KafkaException;

/**
 * {@code POST /api/v1/items}: one raw item as JSON, or a batch as NDJSON (one item per line), for upstream
 * systems that do not speak Kafka. The {@code X-Api-Key} header names the source.
 */
@Path("/api/v1/items")
public class ItemsResource {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String NDJSON = "application/x-ndjson";

    private final ApiKeys apiKeys;
    private final IngestService ingest;
    private final IngestConfig.Http limits;

    ItemsResource(final ApiKeys apiKeys, final IngestService ingest, final IngestConfig config) {
        this.apiKeys = apiKeys;
        this.ingest = ingest;
        this.limits = config.http();
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response post(@HeaderParam(API_KEY_HEADER) final String apiKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) final String contentType,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) final Long contentLength, @Context final HttpServerRequest http,
            final InputStream body) throws IOException {
        final String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        final String source = apiKeys.sourceOf(apiKey, address).orElseThrow(() -> new ProblemException(401,
                "unauthorized", "Unauthorized", "Send a valid API key in the " + API_KEY_HEADER + " header."));
        final boolean batch = isBatch(contentType);
        if (contentLength != null && contentLength > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        final List<byte[]> items = batch ? lines(read(body)) : List.of(read(body));
        if (items.stream().allMatch(item -> item == null)) {
            throw new ProblemException(400, "empty-request", "Empty request", "The request holds no item.");
        }
        if (items.size() > limits.maxBatchItems()) {
            throw new ProblemException(413, "batch-too-large", "Batch too large",
                    "A batch holds at most " + limits.maxBatchItems() + " items; this one has " + items.size() + ".");
        }
        final List<ItemResult> results;
        try {
            results = ingest.ingest(source, items);
        } catch (final KafkaException e) {
            throw new ProblemException(503, "kafka-unavailable", "Items could not be stored",
                    "Nothing of this request was accepted; retry later. " + e.getMessage());
        }
        final IngestResponse response = IngestResponse.of(results);
        if (response.accepted() == 0) {
            throw new ProblemException(422, "items-rejected", "No item accepted",
                    "Every item of the request was rejected; see results.", results);
        }
        return Response.ok(response, MediaType.APPLICATION_JSON).build();
    }

    private static boolean isBatch(final String contentType) {
        final String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
        if (type.equals(NDJSON) || type.equals("application/jsonl")) {
            return true;
        }
        if (type.equals(MediaType.APPLICATION_JSON)) {
            return false;
        }
        throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                "Send one item as " + MediaType.APPLICATION_JSON + " or a batch as " + NDJSON + ", not '"
                        + contentType + "'.");
    }

    private byte[] read(final InputStream body) throws IOException {
        final byte[] bytes = body.readNBytes(limits.maxBodyBytes() + 1);
        if (bytes.length > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        return bytes;
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "body-too-large", "Request body too large",
                "A request body holds at most " + limits.maxBodyBytes() + " bytes.");
    }

    /** NDJSON lines, split on LF (never inside a UTF-8 character); a blank line stays as null to keep numbering. */
    private static List<byte[]> lines(final byte[] body) {
        final List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i;
                if (end > start && body[end - 1] == '\r') {
                    end--;
                }
                final byte[] line = Arrays.copyOfRange(body, start, end);
                lines.add(isBlank(line) ? null : line);
                start = i + 1;
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1) == null) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static boolean isBlank(final byte[] line) {
        for (final byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
