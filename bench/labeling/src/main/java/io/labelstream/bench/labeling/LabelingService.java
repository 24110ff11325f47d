package io.labelstream.bench.labeling;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged labeling service in its own JVM, pointed at the benchmark's PostgreSQL and Kafka. */
final class LabelingService implements AutoCloseable {

    static final String ADMIN_PASSWORD = "bench-admin-password";

    private final Process process;
    private final String baseUrl;

    private LabelingService(final Process process, final String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static LabelingService start(final Path jar, final String jdbcUrl, final String user, final String password,
            final String bootstrapServers, final Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No service build at " + jar
                    + "; run mvn -pl services/labeling -am package -DskipTests first");
        }
        final int port = freePort();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // e.g. -Dbench.service.jvmArgs=-XX:StartFlightRecording=filename=/tmp/labeling.jfr to profile the service
        final String jvmArgs = System.getProperty("bench.service.jvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("labeling.log").toFile());
        final Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", user);
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("LABELSTREAM_LABELING_SECURITY_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // the benchmark controls the queue itself; leases do not expire during a run
        env.put("LABELSTREAM_LABELING_ASSIGNMENT_LEASE", "1h");
        final LabelingService service = new LabelingService(builder.start(), "http://127.0.0.1:" + port);
        service.awaitReady(Duration.ofMinutes(3));
        return service;
    }

    String baseUrl() {
        return baseUrl;
    }

    private void awaitReady(final Duration timeout) throws InterruptedException {
        final HttpClient http = HttpClient.newHttpClient();
        final Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The labeling service exited with " + process.exitValue());
            }
            try {
                final HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (final IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The labeling service did not become ready within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
