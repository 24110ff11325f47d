package io.labelstream.platform.clients;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./labelstream produce}: plays the upstream system. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Streams items into items.raw, as an upstream system would: from a demo data set (a sample or "
                + "all of it, shuffled or drifting) or from a file of raw items, over Kafka or the ingest HTTP intake.",
            "Then reads back from items.clean, items.duplicates and items.rejected what became of each item sent, "
                + "and exits non-zero when none of them came through clean."})
public final class ProduceCommand implements Callable<Integer> {

    private static final int HTTP_BATCH = 100;

    @Option(names = "--dataset", description = "Demo data set to send: ${COMPLETION-CANDIDATES}.")
    DemoData dataset;

    @Option(names = "--file", description = "A file of raw items instead: a JSON array, or one JSON object per line "
            + "(see schemas raw-item/v1.json).")
    Path file;

    @Option(names = "--project", description = "Project the items belong to (default: the data set's name, "
            + "spam or fashion).")
    String project;

    @Option(names = "--split", defaultValue = "train",
            description = "Fashion-MNIST split to send: train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--count", defaultValue = "500",
            description = "How many items of the data set; 0 sends all of them (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--order", defaultValue = "shuffled", description = "shuffled, or drift: the first half of the "
            + "classes only, until half of their items are sent, then everything (default: ${DEFAULT-VALUE}).")
    DemoData.Order order;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the sample and its order "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "0",
            description = "Items per second at most; 0 sends as fast as the target takes them (default: ${DEFAULT-VALUE}).")
    double rate;

    /** How the items travel. */
    enum Via {
        kafka,
        http
    }

    @Option(names = "--via", defaultValue = "kafka",
            description = "kafka (an idempotent producer to items.raw) or http (the ingest intake) "
                    + "(default: ${DEFAULT-VALUE}).")
    Via via;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:LABELSTREAM_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--ingest-url", defaultValue = "${env:LABELSTREAM_INGEST_URL:-http://127.0.0.1:8081}",
            description = "The ingest service, for --via http (default: ${DEFAULT-VALUE}).")
    URI ingestUrl;

    @Option(names = "--api-key", defaultValue = "${env:LABELSTREAM_INGEST_API_KEY}",
            description = "The intake's API key, for --via http (default: $LABELSTREAM_INGEST_API_KEY, else the key "
                    + "file ingest wrote under $LABELSTREAM_HOME).")
    String apiKey;

    @Option(names = "--wait", defaultValue = "120",
            description = "Seconds to wait for the outcome of every item sent (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    private final PrintStream out = System.out;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new ProduceCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ((dataset == null) == (file == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Give either --dataset or --file.");
        }
        final List<RawItem> items = items();
        if (items.isEmpty()) {
            out.println("nothing to send");
            return 1;
        }
        try (IngestOutcomes outcomes = new IngestOutcomes(bootstrapServers)) {
            final long started = System.nanoTime();
            final Map<String, Long> refusedAtIntake = new TreeMap<>();
            final Set<String> sent = via == Via.http ? sendHttp(items, refusedAtIntake) : sendKafka(items);
            out.printf("sent %d items to %s via %s in %.1f s%n", items.size(), Topics.ITEMS_RAW, via,
                    (System.nanoTime() - started) / 1e9);
            refusedAtIntake.forEach((reason, n) -> out.printf("  refused by the intake: %-24s %d%n", reason, n));
            final int unknown = outcomes.await(sent, Duration.ofSeconds(waitSeconds),
                    new Progress(out, "outcomes", sent.size()));
            final Map<String, Long> summary = outcomes.summary(sent);
            out.println("what ingest made of them (items.clean, items.duplicates, items.rejected):");
            summary.forEach((outcome, n) -> out.printf("  %-34s %d%n", outcome, n));
            if (unknown > 0) {
                out.printf("  %-34s %d%n", "no outcome within " + waitSeconds + " s", unknown);
            }
            return summary.getOrDefault("clean", 0L) > 0 ? 0 : 1;
        }
    }

    private List<RawItem> items() throws IOException {
        if (file != null) {
            final String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            final List<RawItem> items = new ArrayList<>();
            if (text.startsWith("[")) {
                for (final JsonNode node : Json.MAPPER.readTree(text)) {
                    items.add(Json.MAPPER.treeToValue(node, RawItem.class));
                }
            } else {
                for (final String line : text.lines().filter(line -> !line.isBlank()).toList()) {
                    items.add(Json.MAPPER.readValue(line, RawItem.class));
                }
            }
            return items;
        }
        final Path directory = DatasetDirectories.of(dataset);
        return dataset.examples(directory, project != null ? project : dataset.name(), split, count, seed, order)
                .stream().map(DemoData.Example::raw).toList();
    }

    private Set<String> sendKafka(final List<RawItem> items) throws InterruptedException, ExecutionException {
        final Progress progress = new Progress(out, "sending", items.size());
        final List<Future<RecordMetadata>> acks = new ArrayList<>(items.size());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "labelstream-produce"),
                new StringSerializer(), new StringSerializer())) {
            final Pacer pacer = new Pacer(rate);
            for (final RawItem item : items) {
                pacer.awaitTurn();
                acks.add(producer.send(new ProducerRecord<>(Topics.ITEMS_RAW, item.sourceItemId(),
                        Json.MAPPER.writeValueAsString(item))));
                progress.update(acks.size(), "");
            }
            producer.flush();
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        final Set<String> sent = new HashSet<>();
        for (final Future<RecordMetadata> ack : acks) {
            final RecordMetadata metadata = ack.get();
            sent.add(IngestOutcomes.key(metadata.partition(), metadata.offset()));
        }
        return sent;
    }

    private Set<String> sendHttp(final List<RawItem> items, final Map<String, Long> refused) throws Exception {
        final String key = apiKey != null && !apiKey.isBlank() ? apiKey : DatasetDirectories.ingestApiKey();
        final HttpClient http = HttpClient.newHttpClient();
        final Progress progress = new Progress(out, "sending", items.size());
        final Pacer pacer = new Pacer(rate / HTTP_BATCH);
        final Set<String> sent = new HashSet<>();
        for (int from = 0; from < items.size(); from += HTTP_BATCH) {
            pacer.awaitTurn();
            final StringBuilder body = new StringBuilder();
            for (final RawItem item : items.subList(from, Math.min(items.size(), from + HTTP_BATCH))) {
                body.append(Json.MAPPER.writeValueAsString(item)).append('\n');
            }
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(ingestUrl.resolve("/api/v1/items"))
                    .header("Content-Type", "application/x-ndjson").header("X-Api-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != 422) {
                throw new IllegalStateException("the intake answered " + response.statusCode() + ": "
                        + response.body());
            }
            for (final JsonNode result : results(Json.MAPPER.readTree(response.body()))) {
                if ("accepted".equals(result.path("status").asText())) {
                    sent.add(IngestOutcomes.key(result.path("raw").path("partition").asInt(),
                            result.path("raw").path("offset").asLong()));
                } else {
                    refused.merge(result.path("reason").asText("unknown"), 1L, Long::sum);
                }
            }
            progress.update(Math.min(items.size(), from + HTTP_BATCH), "");
        }
        return sent;
    }

    /** The intake's verdicts per line: under {@code results} in its answer and in its problem when none got in. */
    private static JsonNode results(final JsonNode answer) {
        return answer.path("results");
    }
}
