package io.labelstream.bench.ingest;

import io.labelstream.ingest.streams.CleaningMetrics;
import io.labelstream.ingest.streams.CleaningSettings;
import io.labelstream.ingest.streams.CleaningStreamsConfig;
import io.labelstream.ingest.streams.CleaningTopology;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.ServiceLogLevels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs every mail of the SpamAssassin corpus through the cleaning topology (in a TopologyTestDriver: the same
 * topology, no broker) as items of the demo {@code spam} project, and prints how many were cleaned, found to be
 * exact or near duplicates, or rejected and why, with examples.
 *
 * <p>Argument: the corpus folder printed by {@code datasets/install} (with easy-ham-1, spam-1, ...).
 */
public final class SpamAssassinCorpusRun {

    private static final int EXAMPLES = 4;

    private SpamAssassinCorpusRun() {
    }

    public static void main(final String[] args) throws IOException {
        ServiceLogLevels.apply();
        final Path corpus = Path.of(args[0]);
        final List<Path> mails;
        try (Stream<Path> files = Files.walk(corpus)) {
            mails = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
        }
        final Path stateDir = Files.createTempDirectory("corpus-run-");
        final StreamsBuilder builder = new StreamsBuilder();
        CleaningTopology.build(builder, CleaningSettings.defaults(Clock.systemUTC()), CleaningMetrics.NONE);
        final Properties properties = CleaningStreamsConfig.properties("unused:9092", "corpus-run", stateDir.toString());
        final Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), properties, start)) {
            final TestInputTopic<String, byte[]> raw = driver.createInputTopic(CleaningTopology.INPUT_TOPIC,
                    new StringSerializer(), new ByteArraySerializer());
            driver.createInputTopic(CleaningTopology.PROJECTS_TOPIC, new StringSerializer(),
                    new ByteArraySerializer()).pipeInput("spam", Json.MAPPER.writeValueAsBytes(spamProject()), start);
            final long began = System.nanoTime();
            for (int i = 0; i < mails.size(); i++) {
                final Path mail = mails.get(i);
                final String id = corpus.relativize(mail).toString();
                final RawItem item = new RawItem(RawItem.VERSION, "spam", "spam-assassin", id, ItemKind.text,
                        "message/rfc822", readMail(mail), Map.of("corpus", id.substring(0, id.indexOf('/'))), null);
                raw.pipeInput(id, Json.MAPPER.writeValueAsBytes(item), start.plus(Duration.ofSeconds(i)));
            }
            final double seconds = (System.nanoTime() - began) / 1e9;
            report(mails.size(), seconds,
                    driver.createOutputTopic(CleaningTopology.CLEAN_TOPIC, new StringDeserializer(),
                            JsonSerde.of(CleanItem.class)).readValuesToList(),
                    driver.createOutputTopic(CleaningTopology.DUPLICATES_TOPIC, new StringDeserializer(),
                            JsonSerde.of(DuplicateItem.class)).readValuesToList(),
                    driver.createOutputTopic(CleaningTopology.REJECTED_TOPIC, new StringDeserializer(),
                            JsonSerde.of(Rejection.class)).readValuesToList());
        }
    }

    /** Mail is bytes: valid UTF-8 is read as such, anything else byte for byte (ISO-8859-1). */
    private static String readMail(final Path mail) throws IOException {
        final byte[] bytes = Files.readAllBytes(mail);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The demo project's filters, as in the project schema's example. */
    private static Project spamProject() {
        return new Project(Project.VERSION, "spam", "Spam or ham", ItemKind.text,
                List.of(new Project.LabelDefinition("ham", "A wanted message", "h"),
                        new Project.LabelDefinition("spam", "Unsolicited bulk mail", "s")),
                "Label each e-mail as spam or ham.", new Project.Redundancy(2, 5, 0.9),
                new Project.Routing(0.95, 0.05, Project.UncertaintyMeasure.margin), 0.05,
                new Project.Filters(1, 100_000, List.of("en"), List.of()), null,
                new Project.TrainingPolicy(500, 0.005, false), null, 1, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static void report(final int total, final double seconds, final List<CleanItem> clean,
            final List<DuplicateItem> duplicates, final List<Rejection> rejected) {
        final Map<String, CleanItem> cleanById = new HashMap<>();
        clean.forEach(item -> cleanById.put(item.itemId(), item));
        System.out.printf("mails: %d in %.1f s (%.0f/s)%n", total, seconds, total / seconds);
        System.out.printf("clean: %d%n", clean.size());
        final Map<DuplicateItem.Match, List<DuplicateItem>> byMatch = new TreeMap<>();
        duplicates.forEach(dup -> byMatch.computeIfAbsent(dup.match(), m -> new ArrayList<>()).add(dup));
        byMatch.forEach((match, list) -> {
            System.out.printf("duplicates %s: %d%n", match, list.size());
            final Map<Integer, Integer> distances = new TreeMap<>();
            list.forEach(dup -> distances.merge(dup.distance(), 1, Integer::sum));
            System.out.printf("  by distance: %s%n", distances);
            list.stream().limit(EXAMPLES).forEach(dup -> {
                final CleanItem canonical = cleanById.get(dup.canonicalItemId());
                System.out.printf("  %s repeats %s (distance %d): \"%s\"%n", dup.lineage().sourceItemId(),
                        canonical.lineage().sourceItemId(), dup.distance(), firstLine(canonical.text()));
            });
        });
        final Map<String, List<Rejection>> byReason = new TreeMap<>();
        rejected.forEach(rejection -> byReason.computeIfAbsent(rejection.reason().name(), r -> new ArrayList<>())
                .add(rejection));
        System.out.printf("rejected: %d%n", rejected.size());
        byReason.forEach((reason, list) -> {
            System.out.printf("  %s: %d%n", reason, list.size());
            list.stream().limit(EXAMPLES).forEach(rejection -> System.out.printf("    %s: %s%n",
                    rejection.raw().sourceItemId(), rejection.detail()));
        });
        System.out.printf("accounted for: %d of %d%n", clean.size() + duplicates.size() + rejected.size(), total);
    }

    private static String firstLine(final String text) {
        final String line = text.lines().findFirst().orElse("");
        return line.length() <= 70 ? line : line.substring(0, 70) + "...";
    }
}
