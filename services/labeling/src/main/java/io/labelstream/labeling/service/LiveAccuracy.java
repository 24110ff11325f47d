package io.labelstream.labeling.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Inference's live accuracy per model version of a project ({@code GET /api/v1/feedback} of the inference service),
 * passed through as inference serves it. When inference cannot answer, the dashboard says why instead.
 */
@ApplicationScoped
public class LiveAccuracy {

    private final Optional<URI> inference;
    private final Duration timeout;
    private final HttpClient http;

    LiveAccuracy(final LabelingConfig config) {
        this.inference = config.operations().inferenceUrl();
        this.timeout = config.operations().inferenceTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code models}: inference's answer, or {@code unavailable}: why there is none. */
    public record View(URI source, JsonNode models, String unavailable) {
    }

    /** Empty when no inference service is configured. */
    public Optional<View> of(final String project) {
        return inference.map(base -> fetch(base, project));
    }

    private View fetch(final URI base, final String project) {
        final URI uri = base.resolve("/api/v1/feedback?project=" + URLEncoder.encode(project, StandardCharsets.UTF_8));
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new View(base, null, "inference answered " + response.statusCode());
            }
            final JsonNode models = Json.MAPPER.readTree(response.body());
            return models.isArray() ? new View(base, models, null)
                    : new View(base, null, "inference answered something other than a list of model versions");
        } catch (final IOException e) {
            return new View(base, null, "inference is not reachable (" + e.getClass().getSimpleName() + ")");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new View(base, null, "interrupted");
        }
    }
}
