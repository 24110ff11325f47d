package io.labelstream.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.cleaning.SimilarityHash;
import io.labelstream.ingest.fixtures.RawItems;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.events.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class RejectionHandlersTest {

    private final List<Rejection> sent = new ArrayList<>();
    private final Map<String, Object> configs = Map.of(RejectionSink.CONFIG,
            (RejectionSink) (key, rejection) -> sent.add(rejection));

    private record Context(String topic, int partition, long offset, byte[] sourceRawValue)
            implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "deduplicate";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(1, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }
    }

    @Test
    void shouldRejectAnUnreadableRawRecordAndContinue() {
        final RejectingDeserializationHandler handler = new RejectingDeserializationHandler();
        handler.configure(configs);
        final byte[] value = RawItems.utf8("\u0000\u0001 binary");

        final var response = handler.handle(new Context(Topics.ITEMS_RAW, 2, 40, value),
                new ConsumerRecord<>(Topics.ITEMS_RAW, 2, 40, null, value), new SerializationException("bad"));

        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(sent).singleElement().satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(RejectReason.NOT_JSON);
            assertThat(rejection.raw()).isEqualTo(new RawRef(Topics.ITEMS_RAW, 2, 40, null, null));
        });
    }

    @Test
    void shouldSkipAnUnreadableProjectWithoutRejectingAnItem() {
        final RejectingDeserializationHandler handler = new RejectingDeserializationHandler();
        handler.configure(configs);

        final var response = handler.handle(new Context(Topics.PROJECTS, 0, 3, null),
                new ConsumerRecord<>(Topics.PROJECTS, 0, 3, null, RawItems.utf8("nope")),
                new SerializationException("bad"));

        assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
        assertThat(sent).isEmpty();
    }

    @Test
    void shouldRejectAFailedProcessingStepWithTheItemsRawLineage() {
        final RejectingProcessingHandler handler = new RejectingProcessingHandler();
        handler.configure(configs);
        final RawRef lineage = new RawRef(Topics.ITEMS_RAW, 1, 7, "mailgate", null);
        final var item = new NormalizedItem("id", "spam", ItemKind.text, "text", null,
                null, null, null, null, "0".repeat(64), SimilarityHash.of(0), lineage, null);

        final var response = handler.handle(new Context("ingest-items-by-project-repartition", 0, 99, null),
                new Record<>("spam", item, 0L), new IllegalStateException("boom"));

        assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
        assertThat(sent).singleElement().satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(RejectReason.PROCESSING_ERROR);
            assertThat(rejection.raw()).isEqualTo(lineage);
            assertThat(rejection.project()).isEqualTo("spam");
        });
    }

    @Test
    void shouldRejectACleanItemTheBrokerRefusesAsTooLargeWithItsLineage() {
        final RejectingProductionHandler handler = new RejectingProductionHandler();
        handler.configure(configs);
        final RawRef lineage = new RawRef(Topics.ITEMS_RAW, 0, 12, "s", null);
        final byte[] value = RawItems.json(new CleanItem(1, "id", "spam", ItemKind.text, "x".repeat(100), null, null,
                null, null, null, new CleanItem.Fingerprints("0".repeat(64), null), lineage, null, Instant.EPOCH));

        final var response = handler.handle(new Context("repartition", 0, 5, null),
                new ProducerRecord<>(Topics.ITEMS_CLEAN, null, value), new RecordTooLargeException("too big"));

        assertThat(response).isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
        assertThat(sent).singleElement().satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
            assertThat(rejection.raw()).isEqualTo(lineage);
            assertThat(rejection.rawValuePreview()).hasSizeLessThanOrEqualTo(Rejection.PREVIEW_CHARS);
        });
    }
}
