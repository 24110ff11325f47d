package io.labelstream.platform.clients;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The labeling service's public REST API, as the web UI and the admin scripts use it. */
final class LabelingApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    LabelingApi(final URI base) {
        this.base = base;
    }

    /** What the service answered to one call: its status and body. */
    record Answer(int status, String body) {

        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    Project project(final String admin, final String password, final String id) throws IOException {
        final Answer answer = call("GET", "/api/v1/projects/" + encode(id), basic(admin, password), null);
        require(answer, 200, "project " + id);
        return Json.MAPPER.readValue(answer.body(), Project.class);
    }

    void createLabeler(final String admin, final String adminPassword, final String username, final String password)
            throws IOException {
        final Answer answer = call("POST", "/api/v1/accounts", basic(admin, adminPassword),
                Map.of("username", username, "password", password, "role", "labeler"));
        require(answer, 201, "account " + username);
    }

    String session(final String username, final String password) throws IOException {
        final Answer answer = call("POST", "/api/v1/sessions", basic(username, password), null);
        require(answer, 201, "session of " + username);
        return answer.json().path("token").asText();
    }

    /** The next item to label, empty when there is none right now; a refusal (e.g. 403, suspended) throws. */
    Optional<JsonNode> next(final String token, final String project) throws IOException {
        final Answer answer = call("POST", "/api/v1/assignments?project=" + encode(project), bearer(token), null);
        if (answer.status() == 204) {
            return Optional.empty();
        }
        if (answer.status() == 403) {
            throw new Refused(answer.body());
        }
        require(answer, 200, "next task");
        return Optional.of(answer.json());
    }

    Answer answer(final String token, final String assignmentId, final String submissionId, final String label)
            throws IOException {
        return call("POST", "/api/v1/assignments/" + assignmentId + "/answer", bearer(token),
                Map.of("submissionId", submissionId, "label", label));
    }

    Answer skip(final String token, final String assignmentId, final String comment) throws IOException {
        return call("POST", "/api/v1/assignments/" + assignmentId + "/skip", bearer(token),
                Map.of("comment", comment));
    }

    /** The service refused this labeler more work (suspended for poor quality). */
    static final class Refused extends IOException {
        Refused(final String problem) {
            super(problem);
        }
    }

    private Answer call(final String method, final String path, final String authorization, final Object body)
            throws IOException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void require(final Answer answer, final int status, final String what) throws IOException {
        if (answer.status() != status) {
            throw new IOException(what + ": the labeling service answered " + answer.status() + " " + answer.body());
        }
    }

    private static String basic(final String username, final String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(final String token) {
        return "Bearer " + token;
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
