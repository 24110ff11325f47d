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

import io.labelstream.inference.domain.FeedbackTally;
import io.labelstream.inference.service.FeedbackView;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.streams.FeedbackTopology;

/** {@code GET /api/v1/feedback}: live accuracy per project and model version, for dashboards. */
@Path("/api/v1/feedback")
public class FeedbackResource {

    /** One model version's live quality; ratios are null until there is something to divide. */
    public record ModelFeedback(String project, String modelVersion, boolean champion, Double testAccuracy,
            long humanLabels, Double liveAccuracy, Map<String, ClassFeedback> perClass, long qaLabels,
            Double autoLabelPrecision, boolean retrainRequested) {
    }

    public record ClassFeedback(long humanLabels, Double accuracy) {
    }

    private final FeedbackView view;
    private final ModelRegistry registry;
    private final KafkaStreams streams;

    @Inject
    FeedbackResource(final FeedbackView view, final ModelRegistry registry, final KafkaStreams streams) {
        this.view = view;
        this.registry = registry;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live accuracy and auto-label precision per project and model version")
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
        final Map<String, ClassFeedback> classes = new TreeMap<>();
        tally.perClass().forEach((label, counts) ->
                classes.put(label, new ClassFeedback(counts.labeled(), ratio(counts.accuracy()))));
        return new ModelFeedback(tally.project(), tally.modelVersion(),
                registry.championVersion(tally.project()).map(tally.modelVersion()::equals).orElse(false),
                registry.testAccuracy(tally.project(), tally.modelVersion()).orElse(null), tally.labeled(),
                ratio(tally.accuracy()), classes, tally.qaLabeled(), ratio(tally.autoLabelPrecision()),
                tally.retrainRequested());
    }

    private static Double ratio(final double value) {
        return Double.isNaN(value) ? null : value;
    }
}
