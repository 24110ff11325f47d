package io.labelstream.ingest.streams;

import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

/**
 * An unreadable raw record becomes a rejection and the stream goes on. The topology reads {@code items.raw} as
 * bytes, so this covers only what bytes cannot: a project record that is not a project is skipped with a
 * warning, since it is configuration, not an item.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = Logger.getLogger(RejectingDeserializationHandler.class);

    private RejectionSink sink;

    @Override
    public void configure(final Map<String, ?> configs) {
        sink = KafkaRejectionSink.from(configs);
    }

    @Override
    public DeserializationHandlerResponse handle(final ErrorHandlerContext context,
            final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        if (!CleaningTopology.INPUT_TOPIC.equals(record.topic())) {
            LOG.warnf("Skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    exception.toString());
            return DeserializationHandlerResponse.CONTINUE;
        }
        sink.send(record.key(), Rejections.of(RejectReason.NOT_JSON, "Cannot read the record: " + exception,
                null, new RawRef(record.topic(), record.partition(), record.offset(), null, null), record.value(),
                Instant.now()));
        return DeserializationHandlerResponse.CONTINUE;
    }
}
