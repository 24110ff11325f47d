package io.labelstream.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

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

/**
 * Each predictor runs on a thread of its own, a pool that cannot warm up leaves nothing behind, and the time a batch
 * reports is its forward passes': batch sizes are paced by it, and waiting is no forward pass.
 */
class PredictorPoolTest {

    private static final Duration HELD_ELSEWHERE = Duration.ofMillis(300);

    @TempDir
    Path store;

    @Test
    void shouldRunEveryForwardPassOnThePredictorsOwnThreadAndKeepItemOrder() throws Exception {
        final LoadedModel model = textModel();
        final HoldingTranslator translator = new HoldingTranslator(model.translator(), new CountDownLatch(1),
                new CountDownLatch(0), ConcurrentHashMap.newKeySet());
        final List<CleanItem> items = IntStream.range(0, 10).mapToObj(i -> item("item-" + i)).toList();
        try (PredictorPool pool = PredictorPool.warmedUp(model, translator, 2, 1, 3, "spam-v1", item("warm-up"))) {
            final List<Classifications> together = pool.predict(items).results();

            assertThat(translator.threads()).hasSize(2)
                    .allSatisfy(thread -> assertThat(thread).startsWith("inference-predictor-spam-v1-"));
            for (int i = 0; i < items.size(); i++) {
                assertThat(together.get(i).best().getProbability())
                        .isEqualTo(pool.predict(List.of(items.get(i))).results().get(0).best().getProbability());
            }
        }
    }

    @Test
    void shouldCloseThePredictorsTheirThreadsAndTheModelWhenAPoolCannotWarmUp() {
        final LoadedModel model = textModel();

        assertThatThrownBy(() -> PredictorPool.warmedUp(model, new RefusingTranslator(model.translator()), 2, 16, 128,
                "spam-broken", item("warm-up"))).hasMessageContaining("cannot read");

        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(
                thread -> assertThat(thread.getName()).startsWith("inference-predictor-spam-broken-"));
        assertThat(model.model().getNDManager().isOpen()).isFalse();
    }

    @Test
    void shouldLeaveTheWaitForABusyPredictorOutOfTheBatchsPredictingTime() throws Exception {
        final LoadedModel model = textModel();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ExecutorService executor = Executors.newFixedThreadPool(2);
        try (PredictorPool pool = PredictorPool.warmedUp(model,
                new HoldingTranslator(model.translator(), holding, release, ConcurrentHashMap.newKeySet()),
                1, 16, 128, "spam-v1", item("warm-up"))) {
            final CompletableFuture<PredictorPool.Predictions> holder = CompletableFuture.supplyAsync(
                    () -> predict(pool, List.of(item("hold"))), executor);
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            final AtomicReference<Thread> waiter = new AtomicReference<>();
            final CompletableFuture<long[]> waiting = CompletableFuture.supplyAsync(() -> {
                waiter.set(Thread.currentThread());
                final long start = System.nanoTime();
                final PredictorPool.Predictions predictions = predict(pool, List.of(item("a"), item("b")));
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

    private LoadedModel textModel() {
        return new DirectoryArtifactStore(store)
                .load(TestModels.promotedTextModel(store, "spam", "v1", 3, 0.9).artifactSha256());
    }

    private static PredictorPool.Predictions predict(final PredictorPool pool, final List<CleanItem> items) {
        try {
            return pool.predict(items);
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

    /** A translator that refuses every item, as a model would whose input it cannot read. */
    private record RefusingTranslator(Translator<CleanItem, Classifications> model)
            implements Translator<CleanItem, Classifications> {

        @Override
        public NDList processInput(final TranslatorContext context, final CleanItem item) {
            throw new IllegalArgumentException("the model cannot read " + item.itemId());
        }

        @Override
        public NDList batchProcessInput(final TranslatorContext context, final List<CleanItem> items) {
            throw new IllegalArgumentException("the model cannot read " + items.get(0).itemId());
        }

        @Override
        public Classifications processOutput(final TranslatorContext context, final NDList output) throws Exception {
            return model.processOutput(context, output);
        }
    }

    /**
     * The model's own translator, holding its predictor on the item {@code hold} until released, and noting the
     * threads that run it.
     */
    private record HoldingTranslator(Translator<CleanItem, Classifications> model, CountDownLatch holding,
            CountDownLatch release, Set<String> threads) implements Translator<CleanItem, Classifications> {

        @Override
        public NDList batchProcessInput(final TranslatorContext context, final List<CleanItem> items)
                throws Exception {
            threads.add(Thread.currentThread().getName());
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
