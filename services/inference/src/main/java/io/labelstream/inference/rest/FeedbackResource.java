package io.labelstream.inference.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.domain.FeedbackTally;
import io.labelstream.inference.domain.Proportion;
import io.labelstream.inference.service.FeedbackView;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.streams.FeedbackTopology;

/**
 * {@code GET /api/v1/feedback}: live quality per project and model version, for dashboards. Each figure says what it
 * was measured on: live accuracy on the random QA sample (unbiased), accuracy on the uncertain items humans labeled
 * (low by design), and auto-label precision on the sample's confident items.
 */
@Path("/api/v1/feedback")
public class FeedbackResource {

    /**
     * A share measured on human labels, with its Wilson interval at {@code confidence}; value, low and high are
     * null until there is a label.
     */
    public record Measured(long labels, Double value, Double low, Double high) {
    }

    public record ModelFeedback(String project, String modelVersion, boolean champion, Double testAccuracy,
            double confidence, Measured liveAccuracy, Map<String, Measured> liveAccuracyByClass,
            Measured uncertainItemAccuracy, Measured autoLabelPrecision, long humanLabels,
            boolean retrainRequested) {
    }

    private final FeedbackView view;
    private final ModelRegistry registry;
    private final KafkaStreams streams;
    private final double confidence;

    @Inject
    FeedbackResource(final FeedbackView view, final ModelRegistry registry, final KafkaStreams streams,
            final InferenceConfig config) {
        this.view = view;
        this.registry = registry;
        this.streams = streams;
        this.confidence = 1 - config.feedback().significance();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live accuracy on the QA sample, accuracy on uncertain items and auto-label precision, "
            + "per project and model version, with intervals")
    public List<ModelFeedback> feedback(@QueryParam("project") final String project) {
        restoreAfterRestart();
        return view.tallies().stream()
                .filter(tally -> project == null || project.equals(tally.project()))
                .sorted(Comparator.comparing(FeedbackTally::project).thenComparing(FeedbackTally::modelVersion))
                .map(this::describe)
                .toList();
    }

    /** Tallies restored from the changelog at start are in the store but never passed the live view. */
    private void restoreAfterRestart() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        final ReadOnlyKeyValueStore<String, FeedbackTally> store = streams.store(StoreQueryParameters
                .fromNameAndType(FeedbackTopology.TALLY_STORE, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<String, FeedbackTally> all = store.all()) {
            all.forEachRemaining(entry -> view.restore(entry.value));
        }
    }

    private ModelFeedback describe(final FeedbackTally tally) {
        final Map<String, Measured> classes = new TreeMap<>();
        tally.qaSampleByClass().forEach((label, counts) -> classes.put(label, measured(counts)));
        return new ModelFeedback(tally.project(), tally.modelVersion(),
                registry.championVersion(tally.project()).map(tally.modelVersion()::equals).orElse(false),
                registry.testAccuracy(tally.project(), tally.modelVersion()).orElse(null), confidence,
                measured(tally.qaSample()), classes, measured(tally.uncertain()), measured(tally.autoLabels()),
                tally.humanLabels(), tally.retrainRequested());
    }

    private Measured measured(final Proportion proportion) {
        final Proportion.Interval interval = proportion.interval(confidence);
        return interval == null ? new Measured(0, null, null, null)
                : new Measured(proportion.labeled(), proportion.share(), interval.low(), interval.high());
    }
}
