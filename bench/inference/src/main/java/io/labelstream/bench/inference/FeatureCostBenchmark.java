package io.labelstream.bench.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.labelstream.ml.InputSpec;
import io.labelstream.ml.features.TextFeaturizer;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;

/**
 * The per-item costs under the text model, each against a baseline in the same process, one thread, rounds of the
 * two alternated so that the machine's drift falls on both:
 * <ul>
 *   <li>featurizing the inference benchmark's e-mail-sized texts with the default 65,536 ids, whose counts are
 *       indexed by id, against 2^18 ids, which the featurizer counts in a hashed table (the same work otherwise);</li>
 *   <li>reading a clean item with the platform's mapper, which parses timestamps with ITU, against a mapper with
 *       Jackson's own {@code Instant} deserializer.</li>
 * </ul>
 * Run with {@code mvn -q -pl bench/inference exec:java
 * -Dbench.main=io.labelstream.bench.inference.FeatureCostBenchmark}.
 */
public final class FeatureCostBenchmark {

    private static final int ROUNDS = 12;
    private static final int WARM_UP_ROUNDS = 2;
    private static final long ROUND_NANOS = 2_000_000_000L;

    private FeatureCostBenchmark() {
    }

    public static void main(final String[] args) {
        final List<CleanItem> texts = InferenceBenchmark.emailSizedTexts(2_000);
        final TextFeaturizer indexed = new TextFeaturizer(InputSpec.text());
        final TextFeaturizer hashed = new TextFeaturizer(InputSpec.text(1 << 18, InputSpec.text().maxFeatures()));
        compare("text features, µs per text", texts, "ids indexed (65,536 ids)",
                item -> indexed.featurize(item).ids().length, "ids hashed (2^18 ids)",
                item -> hashed.featurize(item).ids().length);

        final JsonSerde<CleanItem> serde = JsonSerde.of(CleanItem.class);
        final List<byte[]> json = texts.stream().map(item -> serde.serialize("items.clean", item)).toList();
        final ObjectMapper jacksonInstants = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        compare("reading a clean item, µs per item", json, "ITU timestamps", bytes -> read(Json.MAPPER, bytes),
                "Jackson's Instant deserializer", bytes -> read(jacksonInstants, bytes));
    }

    private static int read(final ObjectMapper mapper, final byte[] json) {
        try {
            return mapper.readValue(json, CleanItem.class).text().length();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> void compare(final String what, final List<T> inputs, final String name,
            final ToIntFunction<T> work, final String baselineName, final ToIntFunction<T> baseline) {
        double micros = 0;
        double baselineMicros = 0;
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            final long[] measured = round(inputs, work);
            final long[] measuredBaseline = round(inputs, baseline);
            sink += measured[1] + measuredBaseline[1];
            if (round >= WARM_UP_ROUNDS) {
                micros += measured[0] / 1e3;
                baselineMicros += measuredBaseline[0] / 1e3;
            }
        }
        final int counted = ROUNDS - WARM_UP_ROUNDS;
        System.out.printf(Locale.ROOT, "%s: %s %.2f, %s %.2f, ratio %.3f (%d rounds of each, checksum %d)%n", what,
                name, micros / counted, baselineName, baselineMicros / counted, micros / baselineMicros, counted,
                sink);
    }

    /** Nanoseconds per input over one round, and a checksum that keeps the work from being optimized away. */
    private static <T> long[] round(final List<T> inputs, final ToIntFunction<T> work) {
        final long start = System.nanoTime();
        long done = 0;
        long checksum = 0;
        while (System.nanoTime() - start < ROUND_NANOS) {
            for (final T input : inputs) {
                checksum += work.applyAsInt(input);
            }
            done += inputs.size();
        }
        return new long[] {(System.nanoTime() - start) / done, checksum};
    }
}
