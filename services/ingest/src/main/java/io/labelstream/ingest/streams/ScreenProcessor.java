package io.labelstream.ingest.streams;

import io.labelstream.cleaning.ItemCleaner;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.cleaning.RawItemParser;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jboss.logging.Logger;

/**
 * Parses, validates and normalizes one raw record against its project, read from the global projects store.
 * Nothing escapes: a bad item and an unexpected failure alike become a rejection, so a poison pill never stops
 * the stream.
 */
final class ScreenProcessor implements FixedKeyProcessor<byte[], byte[], Screened> {

    private static final Logger LOG = Logger.getLogger(ScreenProcessor.class);

    private final CleaningSettings settings;
    private final CleaningMetrics metrics;
    private final RawItemParser parser;
    private final ItemCleaner cleaner;
    private FixedKeyProcessorContext<byte[], Screened> context;
    private TimestampedKeyValueStore<String, Project> projects;

    ScreenProcessor(final CleaningSettings settings, final CleaningMetrics metrics, final ItemCleaner cleaner) {
        this.settings = settings;
        this.metrics = metrics;
        this.parser = new RawItemParser(settings.limits().maxRecordBytes());
        this.cleaner = cleaner;
    }

    @Override
    public void init(final FixedKeyProcessorContext<byte[], Screened> context) {
        this.context = context;
        this.projects = context.getStateStore(CleaningTopology.PROJECTS_STORE);
    }

    @Override
    public void process(final FixedKeyRecord<byte[], byte[]> record) {
        RawItem raw = null;
        try {
            raw = parser.parse(record.value());
            final ValueAndTimestamp<Project> project = projects.get(raw.project());
            context.forward(record.withValue(new Screened.Passed(
                    cleaner.clean(raw, project == null ? null : project.value(), rawRef(raw)))));
        } catch (final ItemRejectedException e) {
            refuse(record, raw, e.reason(), e.detail());
        } catch (final RuntimeException e) {
            LOG.warnf(e, "Could not screen the record at %s", rawRef(raw));
            refuse(record, raw, RejectReason.PROCESSING_ERROR, "Processing failed: " + e);
        }
    }

    private void refuse(final FixedKeyRecord<byte[], byte[]> record, final RawItem raw, final RejectReason reason,
            final String detail) {
        metrics.rejected(reason, Math.max(0, settings.clock().millis() - record.timestamp()));
        context.forward(record.withValue(new Screened.Refused(Rejections.of(reason, detail,
                raw == null ? null : raw.project(), rawRef(raw), record.value(), settings.clock().instant()))));
    }

    private RawRef rawRef(final RawItem raw) {
        final RecordMetadata metadata = context.recordMetadata().orElseThrow();
        return new RawRef(metadata.topic(), metadata.partition(), metadata.offset(),
                raw == null ? null : raw.sourceId(), raw == null ? null : raw.sourceItemId());
    }
}
