package io.labelstream.bench.labeling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few HTTP calls a labeler makes, without a JSON library on the hot path. */
final class Api {

    private static final Pattern ASSIGNMENT = Pattern.compile("\"assignmentId\":\"([0-9a-f-]{36})\"");
    private static final Pattern NEXT_ASSIGNMENT = Pattern.compile("\"next\":\\{\"assignmentId\":\"([0-9a-f-]{36})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    Api(final String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> asAdmin(final String method, final String path, final String json)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", basic("admin", LabelingService.ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An NDJSON request as admin; the response is NDJSON too. */
    HttpResponse<String> ndjsonAsAdmin(final String path, final String ndjson) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", basic("admin", LabelingService.ADMIN_PASSWORD))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)));
    }

    String login(final String username, final String password) throws IOException, InterruptedException {
        final HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/sessions"))
                .header("Authorization", basic(username, password))
                .POST(HttpRequest.BodyPublishers.noBody()));
        final Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() != 201 || !token.find()) {
            throw new IllegalStateException("Login failed: " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    /** The claimed assignment id, or null when the queue has nothing for this labeler. */
    String next(final String token, final String project) throws IOException, InterruptedException {
        final HttpResponse<String> response = send(bearer(token, "/api/v1/assignments?project=" + project)
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() == 204) {
            return null;
        }
        final Matcher id = ASSIGNMENT.matcher(response.body());
        if (response.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("next failed: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    /** Leases the given task, as a platform that pushes an item to a worker does. */
    String claim(final String token, final String project, final String taskId)
            throws IOException, InterruptedException {
        final HttpResponse<String> response = send(bearer(token, "/api/v1/assignments?project=" + project
                + "&taskId=" + taskId).POST(HttpRequest.BodyPublishers.noBody()));
        final Matcher id = ASSIGNMENT.matcher(response.body());
        if (response.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("claim failed: " + response.statusCode() + " " + response.body());
        }
        return id.group(1);
    }

    void answer(final String token, final String assignment, final String submissionId, final String label)
            throws IOException, InterruptedException {
        final HttpResponse<String> response = send(bearer(token, "/api/v1/assignments/" + assignment + "/answer")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"submissionId\":\"" + submissionId + "\",\"label\":\"" + label + "\"}")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("answer failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Answers, and returns the next assignment the same call leased, or null when there was none. */
    String answerAndNext(final String token, final String assignment, final String submissionId, final String label)
            throws IOException, InterruptedException {
        final HttpResponse<String> response = send(bearer(token, "/api/v1/assignments/" + assignment
                + "/answer-and-next").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"submissionId\":\"" + submissionId + "\",\"label\":\"" + label + "\"}")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("answer-and-next failed: " + response.statusCode() + " "
                    + response.body());
        }
        final Matcher next = NEXT_ASSIGNMENT.matcher(response.body());
        return next.find() ? next.group(1) : null;
    }

    private HttpRequest.Builder bearer(final String token, final String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(final String username, final String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
