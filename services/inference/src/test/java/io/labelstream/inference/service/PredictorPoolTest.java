package io.labelstream.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.TestModels;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.schemas.events.CleanItem;

/** The time a batch reports is its forward passes': batch sizes are paced by it, and waiting is no forward pass. */
class PredictorPoolTest {

    private static final Duration HELD_ELSEWHERE = Duration.ofMillis(300);

    @TempDir
    Path store;

    @Test
    void shouldLeaveTheWaitForABusyPredictorOutOfTheBatchsPredictingTime() throws Exception {
        final LoadedModel model = new DirectoryArtifactStore(store)
                .load(TestModels.promotedTextModel(store, "spam", "v1", 3, 0.9).artifactSha256());
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ExecutorService executor = Executors.newFixedThreadPool(2);
        try (PredictorPool pool = new PredictorPool(model, new HoldingTranslator(model.translator(), holding, release),
                1, 16, 128)) {
            final CompletableFuture<PredictorPool.Predictions> holder = CompletableFuture.supplyAsync(
                    () -> predict(pool, List.of(item("hold")), executor), executor);
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            final AtomicReference<Thread> waiter = new AtomicReference<>();
            final CompletableFuture<long[]> waiting = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                final long start = System.nanoTime();
                final PredictorPool.Predictions predictions = predict(pool, List.of(item("a"), item("b")), executor);
                return new long[] {predictions.results().size(), predictions.predictingNanos(),
                        System.nanoTime() - start};
            }, executor);
            awaitBlocked(waiter);
            Thread.sleep(HELD_ELSEWHERE.toMillis());
            release.countDown();

            final long[] waited = waiting.get(30, TimeUnit.SECONDS);
            assertThat(holder.get(30, TimeUnit.SECONDS).results()).hasSize(1);
            assertThat(waited[0]).isEqualTo(2);
            assertThat(waited[1]).isPositive().isLessThanOrEqualTo(waited[2] - HELD_ELSEWHERE.toNanos());
        } finally {
            executor.shutdownNow();
        }
    }

    private static PredictorPool.Predictions predict(final PredictorPool pool, final List<CleanItem> items,
            final ExecutorService executor) {
        try {
            return pool.predict(items, executor);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitBlocked(final AtomicReference<Thread> waiter) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && (waiter.get() == null || waiter.get().getState() != Thread.State.WAITING)) {
            Thread.sleep(5);
        }
        assertThat(waiter.get().getState()).isEqualTo(Thread.State.WAITING);
    }

    private static CleanItem item(final String id) {
        return KafkaIo.textItem("spam", id, "a short message " + id);
    }

    /** The model's own translator, holding its predictor on the item {@code hold} until released. */
    private record HoldingTranslator(Translator<CleanItem, Classifications> model, CountDownLatch holding,
            CountDownLatch release) implements Translator<CleanItem, Classifications> {

        @Override
        public NDList batchProcessInput(final TranslatorContext context, final List<CleanItem> items)
                throws Exception {
            if (items.stream().anyMatch(item -> item.itemId().equals("hold"))) {
                holding.countDown();
                release.await();
            }
            return model.batchProcessInput(context, items);
        }

        @Override
        public NDList processInput(final TranslatorContext context, final CleanItem item) throws Exception {
            return model.processInput(context, item);
        }

        @Override
        public List<Classifications> batchProcessOutput(final TranslatorContext context, final NDList output)
                throws Exception {
            return model.batchProcessOutput(context, output);
        }

        @Override
        public Classifications processOutput(final TranslatorContext context, final NDList output) throws Exception {
            return model.processOutput(context, output);
        }

        @Override
        public Batchifier getBatchifier() {
            return model.getBatchifier();
        }
    }
}
