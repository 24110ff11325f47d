package io.labelstream.labeling;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for the inference service's {@code GET /api/v1/feedback}: two model versions of project
 * {@value #PROJECT}, a 503 for project {@value #FAILING_PROJECT}, no versions for any other.
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

    private HttpServer server;

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
        server.start();
        return Map.of("labelstream.labeling.operations.inference-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
