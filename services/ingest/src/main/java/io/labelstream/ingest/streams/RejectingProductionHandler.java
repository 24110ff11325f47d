package io.labelstream.ingest.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.jboss.logging.Logger;

/**
 * A clean or duplicate record the broker refuses (too large, or otherwise not writable) becomes a rejection that
 * keeps the raw lineage of the refused record, and the stream goes on. The processors already reject clean items
 * above the output limit, so this is the last line for brokers configured with a smaller one.
 */
public final class RejectingProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(RejectingProductionHandler.class);

    private RejectionSink sink;

    @Override
    public void configure(final Map<String, ?> configs) {
        sink = KafkaRejectionSink.from(configs);
    }

    @Override
    public ProductionExceptionHandlerResponse handle(final ErrorHandlerContext context,
            final ProducerRecord<byte[], byte[]> record, final Exception exception) {
        return reject(context, record.topic(), record.value(), exception,
                exception instanceof RecordTooLargeException ? RejectReason.RECORD_TOO_LARGE
                        : RejectReason.PROCESSING_ERROR);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(final ErrorHandlerContext context,
            final ProducerRecord record, final Exception exception, final SerializationExceptionOrigin origin) {
        return reject(context, record.topic(), null, exception, RejectReason.PROCESSING_ERROR);
    }

    private ProductionExceptionHandlerResponse reject(final ErrorHandlerContext context, final String topic,
            final byte[] value, final Exception exception, final RejectReason reason) {
        if (CleaningTopology.REJECTED_TOPIC.equals(topic)) {
            LOG.errorf(exception, "Could not write a rejection for %s-%d@%d", context.topic(), context.partition(),
                    context.offset());
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        final JsonNode written = readQuietly(value);
        final RawRef raw = written != null && written.has("lineage")
                ? Json.MAPPER.convertValue(written.get("lineage"), RawRef.class)
                : new RawRef(context.topic(), context.partition(), context.offset(), null, null);
        final String project = written != null && written.hasNonNull("project") ? written.get("project").asText() : null;
        sink.send(null, Rejections.of(reason, "Could not write to " + topic + ": " + exception, project, raw, value,
                Instant.now()));
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    private static JsonNode readQuietly(final byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(value);
        } catch (final IOException e) {
            return null;
        }
    }
}
