package io.labelstream.ingest.streams;

import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * The processors turn their own failures into rejections; this catches what fails between them (a mapper, a
 * serde) so that such a record is rejected as a processing error and the stream goes on.
 */
public final class RejectingProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = Logger.getLogger(RejectingProcessingHandler.class);

    private RejectionSink sink;

    @Override
    public void configure(final Map<String, ?> configs) {
        sink = KafkaRejectionSink.from(configs);
    }

    @Override
    public ProcessingHandlerResponse handle(final ErrorHandlerContext context, final Record<?, ?> record,
            final Exception exception) {
        LOG.warnf(exception, "Processor %s failed on %s-%d@%d", context.processorNodeId(), context.topic(),
                context.partition(), context.offset());
        final RawRef raw = record.value() instanceof NormalizedItem item
                ? item.lineage()
                : new RawRef(context.topic(), context.partition(), context.offset(), null, null);
        final String project = record.value() instanceof NormalizedItem item ? item.project() : null;
        sink.send(null, Rejections.of(RejectReason.PROCESSING_ERROR,
                "Processor " + context.processorNodeId() + " failed: " + exception, project, raw,
                context.sourceRawValue(), Instant.now()));
        return ProcessingHandlerResponse.CONTINUE;
    }
}
