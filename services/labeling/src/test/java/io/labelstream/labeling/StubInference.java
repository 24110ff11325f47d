package io.labelstream.labeling;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.ScoredLabel;
import io.labelstream.schemas.events.Uncertainty;
import io.labelstream.schemas.json.Json;

/**
 * Stands in for the inference service. {@code GET /api/v1/feedback}: two model versions of project
 * {@value #PROJECT}, a 503 for project {@value #FAILING_PROJECT}, no versions for any other.
 * {@code POST /api/v1/route}: 409 no-champion until a project is {@linkplain #promote promoted}; then an item whose
 * text starts with "sure" is auto-labeled, "qa" is auto-labeled and in the QA sample, "unreadable" makes the whole
 * batch refused (422, as inference refuses a batch with an item its model cannot read), anything else goes to humans as uncertain with priority {@value #UNCERTAIN_PRIORITY}. It counts the items it
 * routed, by id.
 */
public class StubInference implements QuarkusTestResourceLifecycleManager {

    public static final String PROJECT = "ops-live";
    public static final String FAILING_PROJECT = "ops-inference-down";

    private static final String FEEDBACK = """
            [{"project":"ops-live","modelVersion":"v1","champion":false,"testAccuracy":0.81,"confidence":0.95,
              "liveAccuracy":{"labels":0,"value":null,"low":null,"high":null},"liveAccuracyByClass":{},
              "uncertainItemAccuracy":{"labels":40,"value":0.75,"low":0.598,"high":0.858},
              "autoLabelPrecision":{"labels":0,"value":null,"low":null,"high":null},"humanLabels":40,
              "retrainRequested":false},
             {"project":"ops-live","modelVersion":"v2","champion":true,"testAccuracy":0.88,"confidence":0.95,
              "liveAccuracy":{"labels":30,"value":0.7,"low":0.521,"high":0.833},"liveAccuracyByClass":{},
              "uncertainItemAccuracy":{"labels":90,"value":0.5,"low":0.399,"high":0.601},
              "autoLabelPrecision":{"labels":20,"value":0.95,"low":0.764,"high":0.991},"humanLabels":120,
              "retrainRequested":true}]
            """;

    public static final String CHAMPION = "stub-v1";
    public static final double UNCERTAIN_PRIORITY = 0.8;
    /** Fewer than a backlog batch, as inference's own limit per request may be. */
    static final int MAX_ITEMS = 4;

    private static final Map<String, String> CHAMPIONS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> ROUTED = new ConcurrentHashMap<>();

    private HttpServer server;

    /** From now on the project has a champion, {@value #CHAMPION}. */
    public static void promote(final String project) {
        promote(project, CHAMPION);
    }

    /** From now on the project's champion is {@code version}. */
    public static void promote(final String project, final String version) {
        CHAMPIONS.put(project, version);
    }

    /** How often the item was routed. */
    public static int timesRouted(final String itemId) {
        return ROUTED.getOrDefault(itemId, 0);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/feedback", exchange -> {
            final String query = String.valueOf(exchange.getRequestURI().getQuery());
            final int status = query.equals("project=" + FAILING_PROJECT) ? 503 : 200;
            final byte[] body = (status != 200 ? "{}" : query.equals("project=" + PROJECT) ? FEEDBACK : "[]")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/api/v1/route", exchange -> {
            final JsonNode items = Json.MAPPER.readTree(exchange.getRequestBody());
            final String project = items.get(0).get("project").asText();
            boolean unreadable = false;
            for (final JsonNode item : items) {
                unreadable |= item.get("text").asText().startsWith("unreadable");
            }
            final int status = !CHAMPIONS.containsKey(project) ? 409 : items.size() > MAX_ITEMS ? 413
                    : unreadable ? 422 : 200;
            final List<Map<String, Object>> routed = new ArrayList<>();
            if (status == 200) {
                items.forEach(item -> {
                    ROUTED.merge(item.get("itemId").asText(), 1, Integer::sum);
                    routed.add(route(item));
                });
            }
            final byte[] body = (status == 200 ? Json.MAPPER.writeValueAsString(routed)
                    : status == 409 ? "{\"type\":\"https://labelstream.io/problems/no-champion\"}"
                    : status == 413 ? "{\"type\":\"https://labelstream.io/problems/batch-too-large\"}"
                    : "{\"type\":\"https://labelstream.io/problems/unreadable-item\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("labelstream.labeling.operations.inference-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Map<String, Object> route(final JsonNode item) {
        final String itemId = item.get("itemId").asText();
        final String project = item.get("project").asText();
        final String champion = CHAMPIONS.get(project);
        final String text = item.get("text").asText();
        final boolean sure = text.startsWith("sure");
        final boolean qa = text.startsWith("qa");
        final Instant now = Instant.now();
        final List<ScoredLabel> probabilities = sure || qa
                ? List.of(new ScoredLabel("spam", 0.97), new ScoredLabel("ham", 0.03))
                : List.of(new ScoredLabel("spam", 0.55), new ScoredLabel("ham", 0.45));
        final Prediction prediction = new Prediction(Prediction.VERSION, itemId, project, champion, "spam",
                probabilities, probabilities, new Uncertainty(1 - probabilities.get(0).probability(), 0.1, 0.5), 1.0,
                null, now, sure ? Prediction.Route.auto_label : qa ? Prediction.Route.qa_sample : Prediction.Route.human,
                qa);
        final Label label = sure || qa ? new Label(Label.VERSION, itemId + "/model/" + champion, itemId, project,
                "spam", Label.Source.model, Label.Method.model, 0.97, champion, null, null, null, now) : null;
        final LabelingTask task = sure ? null : new LabelingTask(LabelingTask.VERSION, project + ":" + itemId,
                itemId, project, ItemKind.text, qa ? LabelingTask.Reason.qa_sample : LabelingTask.Reason.uncertain,
                qa ? 0.5 : UNCERTAIN_PRIORITY, text, null, prediction, null, now);
        final Map<String, Object> routed = new HashMap<>();
        routed.put("itemId", itemId);
        routed.put("prediction", prediction);
        routed.put("label", label);
        routed.put("task", task);
        return routed;
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
