package io.labelstream.ingest.streams;

import io.labelstream.cleaning.ItemCleaner;
import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.json.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The cleaning topology: every record of {@code items.raw} ends in exactly one of {@code items.clean},
 * {@code items.duplicates} or {@code items.rejected}.
 *
 * <p>Reads {@code items.raw} as bytes, so that a value that is not even JSON becomes a rejection instead of a
 * deserialization failure, and follows the compacted {@code projects} topic as a global table. Screening (parse,
 * validate, normalize, filter) is stateless; passed items are then re-keyed by project, so that all items of a
 * project meet the same de-duplication store whatever partition their raw record was in. The store is persistent
 * and changelogged, so a restarted or moved task remembers what it has seen; the de-duplication processor searches
 * an in-memory index it builds from the store when its task starts.
 *
 * <p>The input, output and {@code projects} topics must exist before the topology starts.
 */
public final class CleaningTopology {

    public static final String INPUT_TOPIC = Topics.ITEMS_RAW;
    public static final String CLEAN_TOPIC = Topics.ITEMS_CLEAN;
    public static final String DUPLICATES_TOPIC = Topics.ITEMS_DUPLICATES;
    public static final String REJECTED_TOPIC = Topics.ITEMS_REJECTED;
    public static final String PROJECTS_TOPIC = Topics.PROJECTS;

    public static final String PROJECTS_STORE = "ingest-projects";
    /** One entry per remembered clean item, {@code project|kind|similarity hash}; exact and near duplicates alike. */
    public static final String SEEN_ITEMS_STORE = "ingest-seen-items";
    public static final String BY_PROJECT_REPARTITION = "ingest-items-by-project";

    private static final JsonSerde<Rejection> REJECTION_SERDE = JsonSerde.of(Rejection.class);

    private CleaningTopology() {
    }

    public static void build(final StreamsBuilder builder, final CleaningSettings settings,
            final CleaningMetrics metrics) {
        // one cleaner for all tasks: its language profiles are large and it keeps no per-record state
        final ItemCleaner cleaner = new ItemCleaner(settings.limits());
        // the store is read once per raw record and takes its serdes from Consumed: with the memoizing
        // deserializer each project's JSON is parsed once, not on every read
        final JsonSerde<Project> projectJson = JsonSerde.of(Project.class);
        builder.globalTable(PROJECTS_TOPIC,
                Consumed.with(Serdes.String(), Serdes.serdeFrom(projectJson,
                        new ContentMemoizedDeserializer<>(projectJson))).withName("projects-source"),
                Materialized.as(PROJECTS_STORE));
        // not cached: it is read only when a task starts (lookups use the processor's in-memory index), and a key is
        // written once when its item is remembered and once when it expires, so a cache would merge almost no writes
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SEEN_ITEMS_STORE), Serdes.String(), SeenItemSerde.create()));

        builder.stream(INPUT_TOPIC, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("items-raw-source"))
                .processValues(() -> new ScreenProcessor(settings, metrics, cleaner), Named.as("screen"))
                .split(Named.as("screened-"))
                .branch((key, screened) -> screened instanceof Screened.Refused,
                        Branched.withConsumer(CleaningTopology::writeScreeningRejections, "refused"))
                .defaultBranch(Branched.withConsumer(passed -> deduplicate(passed, settings, metrics), "passed"));
    }

    private static void writeScreeningRejections(final KStream<byte[], Screened> refused) {
        refused.mapValues(screened -> ((Screened.Refused) screened).rejection(), Named.as("screening-rejection"))
                .to(REJECTED_TOPIC, Produced.with(Serdes.ByteArray(), REJECTION_SERDE).withName("screening-rejected-sink"));
    }

    private static void deduplicate(final KStream<byte[], Screened> passed, final CleaningSettings settings,
            final CleaningMetrics metrics) {
        passed.map((key, screened) -> {
                    final NormalizedItem item = ((Screened.Passed) screened).item();
                    return KeyValue.pair(item.project(), item);
                }, Named.as("key-by-project"))
                .repartition(Repartitioned.with(Serdes.String(), NormalizedItemSerde.create())
                        .withName(BY_PROJECT_REPARTITION))
                .processValues(() -> new DeduplicateProcessor(settings, metrics), Named.as("deduplicate"),
                        SEEN_ITEMS_STORE)
                .split(Named.as("deduplicated-"))
                .branch((project, outcome) -> outcome instanceof Outcome.Clean,
                        Branched.withConsumer(clean -> clean
                                .map((project, outcome) -> KeyValue.pair(((Outcome.Clean) outcome).item().itemId(),
                                        ((Outcome.Clean) outcome).json()), Named.as("key-by-item-id"))
                                .to(CLEAN_TOPIC, Produced.with(Serdes.String(), Serdes.ByteArray())
                                        .withName("clean-sink")), "clean"))
                .branch((project, outcome) -> outcome instanceof Outcome.Duplicate,
                        Branched.withConsumer(duplicate -> duplicate
                                .map((project, outcome) -> {
                                    final DuplicateItem item = ((Outcome.Duplicate) outcome).item();
                                    return KeyValue.pair(item.canonicalItemId(), item);
                                }, Named.as("key-by-canonical-id"))
                                .to(DUPLICATES_TOPIC, Produced.with(Serdes.String(), JsonSerde.of(DuplicateItem.class))
                                        .withName("duplicates-sink")), "duplicate"))
                .defaultBranch(Branched.withConsumer(rejected -> rejected
                        .map((project, outcome) -> KeyValue.pair((byte[]) null, ((Outcome.Rejected) outcome).rejection()),
                                Named.as("unkeyed-rejection"))
                        .to(REJECTED_TOPIC, Produced.with(Serdes.ByteArray(), REJECTION_SERDE)
                                .withName("dedupe-rejected-sink")), "rejected"));
    }
}
