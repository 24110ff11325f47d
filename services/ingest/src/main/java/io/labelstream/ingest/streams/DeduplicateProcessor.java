package io.labelstream.ingest.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jboss.logging.Logger;

/**
 * Decides whether a normalized item is new, an exact duplicate (same item id, i.e. same project and content hash)
 * or a near duplicate (similarity hash within the configured distance) of an item seen within the retention.
 * Both are found with one index lookup: equal content has an equal similarity hash, so an exact duplicate is a
 * candidate at distance 0 with the same item id. Only clean items are remembered, so every duplicate points at a
 * canonical item that is on {@code items.clean}.
 */
final class DeduplicateProcessor implements FixedKeyProcessor<String, NormalizedItem, Outcome> {

    private static final Logger LOG = Logger.getLogger(DeduplicateProcessor.class);

    private final CleaningSettings settings;
    private final CleaningMetrics metrics;
    private final NearDuplicateIndex index;
    private FixedKeyProcessorContext<String, Outcome> context;

    DeduplicateProcessor(final CleaningSettings settings, final CleaningMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.index = new NearDuplicateIndex(settings.textNearDistance(), settings.imageNearDistance());
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Outcome> context) {
        this.context = context;
        // a task closed dirty (aborted exactly-once transaction, corrupted task) keeps its processor instances:
        // Kafka Streams revives it, restores the store to the last commit and calls init again on this instance
        // (TaskManager.closeDirtyAndRevive, StreamTask.initializeTopology). What the index took in since that commit
        // is not in the store any more, so the index is rebuilt from the store, never added to.
        index.reload(context.getStateStore(CleaningTopology.SEEN_ITEMS_STORE));
        LOG.infof("Task %s remembers %d items for de-duplication", context.taskId(), index.size());
        // stream time, not wall-clock time: retention is about record time, and replays must decide alike
        context.schedule(settings.sweepInterval(), PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(final FixedKeyRecord<String, NormalizedItem> record) {
        final NormalizedItem item = record.value();
        final long now = record.timestamp();
        final long lag = Math.max(0, settings.clock().millis() - now);
        final long notBefore = now - settings.dedupeRetention().toMillis();
        final Outcome outcome;
        try {
            outcome = decide(item, now, notBefore);
        } catch (final RuntimeException e) {
            LOG.warnf(e, "Could not de-duplicate item %s from %s", item.itemId(), item.lineage());
            final var rejection = Rejections.of(RejectReason.PROCESSING_ERROR, "De-duplication failed: " + e,
                    item.project(), item.lineage(), null, settings.clock().instant());
            metrics.rejected(RejectReason.PROCESSING_ERROR, lag);
            context.forward(record.withValue(new Outcome.Rejected(rejection)));
            return;
        }
        if (outcome instanceof Outcome.Clean) {
            metrics.cleaned(item.project(), lag);
        } else if (outcome instanceof Outcome.Duplicate duplicate) {
            metrics.duplicated(item.project(), duplicate.item().match(), lag);
        } else if (outcome instanceof Outcome.Rejected rejected) {
            metrics.rejected(rejected.rejection().reason(), lag);
        }
        context.forward(record.withValue(outcome));
    }

    private Outcome decide(final NormalizedItem item, final long now, final long notBefore) {
        final Optional<NearDuplicateIndex.Match> match = index.nearest(item.project(), item.kind(), item.itemId(),
                item.similarityHash(), notBefore);
        if (match.isPresent()) {
            final boolean exact = match.get().itemId().equals(item.itemId());
            return duplicate(item, match.get().itemId(), exact ? DuplicateItem.Match.exact : DuplicateItem.Match.near,
                    match.get().distance());
        }
        final CleanItem clean = item.toCleanItem(settings.clock().instant());
        final byte[] json = json(clean);
        if (json.length > settings.maxOutputBytes()) {
            return new Outcome.Rejected(Rejections.of(RejectReason.RECORD_TOO_LARGE, "The clean item would have "
                    + json.length + " bytes; at most " + settings.maxOutputBytes() + " are written.", item.project(),
                    item.lineage(), preview(item), settings.clock().instant()));
        }
        index.add(item.project(), item.kind(), item.similarityHash(), new SeenItem(item.itemId(), now));
        return new Outcome.Clean(clean, json);
    }

    private Outcome duplicate(final NormalizedItem item, final String canonical, final DuplicateItem.Match match,
            final int distance) {
        return new Outcome.Duplicate(new DuplicateItem(DuplicateItem.VERSION, item.itemId(), canonical,
                item.project(), match, distance, item.lineage(), settings.clock().instant()));
    }

    private static byte[] json(final CleanItem clean) {
        try {
            return Json.MAPPER.writeValueAsBytes(clean);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write clean item " + clean.itemId(), e);
        }
    }

    private static byte[] preview(final NormalizedItem item) {
        return item.text() == null ? null : item.text().getBytes(StandardCharsets.UTF_8);
    }

    private void sweep(final long streamTime) {
        index.forgetExpired(streamTime - settings.dedupeRetention().toMillis());
    }
}
