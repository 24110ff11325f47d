package io.labelstream.inference.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.schemas.events.CleanItem;

/**
 * A fixed set of DJL predictors over one loaded model, each owned by a thread of its own: a {@code Predictor} is not
 * thread-safe, and callers queue their chunks on its thread instead of borrowing it. A batch larger than
 * {@code minChunk} is cut into chunks that run on several predictors at once.
 *
 * <p>Owning threads also keep a predictor's native memory with one thread. A text model's forward pass allocates
 * some 16 MB for its looked-up vectors; the C allocator keeps that memory for the next pass of the same thread, but
 * when passes alternated between the prediction loops' threads, which also allocate the network clients' buffers,
 * much of it went back to the kernel and was faulted in again: 9 µs of kernel time per e-mail, against 1 µs for the
 * same passes on a thread of their own.
 *
 * <p>A chunk runs as forward passes of at most {@code maxForwardPass} items: past a size, a larger pass costs more per
 * item, as its intermediate tensors outgrow the processor's caches, so large transactions do not make large passes.
 */
public final class PredictorPool implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final LoadedModel model;
    private final List<Owned> predictors;
    private final int minChunk;
    private final int maxForwardPass;
    private final AtomicInteger nextFirst = new AtomicInteger();

    private PredictorPool(final LoadedModel model, final Translator<CleanItem, Classifications> translator,
            final int size, final int minChunk, final int maxForwardPass, final String name) {
        this.model = model;
        this.minChunk = Math.max(1, minChunk);
        this.maxForwardPass = Math.max(1, maxForwardPass);
        this.predictors = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            predictors.add(new Owned(model.model().newPredictor(translator), "inference-predictor-" + name + "-" + i));
        }
    }

    /**
     * A pool whose predictors have each run {@code sample} once at batch size one and once at the largest forward
     * pass, on their own threads, so that PyTorch's first-call allocations and kernel selection happen before the
     * first real item waits on them. The pool owns {@code model} from the start: if making or warming it up fails, the
     * predictors, their threads and the model are closed before the failure is thrown.
     *
     * @param name names the predictors' threads, {@code inference-predictor-<name>-<index>}
     */
    public static PredictorPool warmedUp(final LoadedModel model,
            final Translator<CleanItem, Classifications> translator, final int size, final int minChunk,
            final int maxForwardPass, final String name, final CleanItem sample) throws TranslateException {
        final PredictorPool pool;
        try {
            pool = new PredictorPool(model, translator, size, minChunk, maxForwardPass, name);
        } catch (final RuntimeException e) {
            model.close();
            throw e;
        }
        try {
            pool.warmUp(sample);
            return pool;
        } catch (final TranslateException | RuntimeException e) {
            try {
                pool.close();
            } catch (final RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * A batch's results in item order, and the time its forward passes took: from its first chunk starting on a
     * predictor's thread to its last chunk's results, without the wait behind other callers' chunks.
     */
    public record Predictions(List<Classifications> results, long predictingNanos) {
    }

    /** A chunk's results and when its predictor's thread ran it. */
    private record Chunk(List<Classifications> results, long startNanos, long endNanos) {
    }

    /** Blocks until every chunk of the batch is predicted; consecutive batches start on different predictors. */
    public Predictions predict(final List<CleanItem> items) throws TranslateException {
        final int chunks = Math.max(1, Math.min(predictors.size(), items.size() / minChunk));
        final int chunkSize = (items.size() + chunks - 1) / chunks;
        final int first = Math.floorMod(nextFirst.getAndIncrement(), predictors.size());
        final List<Future<Chunk>> pending = new ArrayList<>(chunks);
        for (int start = 0, index = first; start < items.size(); start += chunkSize, index++) {
            final List<CleanItem> chunk = items.subList(start, Math.min(items.size(), start + chunkSize));
            pending.add(predictors.get(index % predictors.size()).submit(chunk));
        }
        final List<Classifications> results = new ArrayList<>(items.size());
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (final Future<Chunk> future : pending) {
            final Chunk chunk = await(future);
            results.addAll(chunk.results());
            start = Math.min(start, chunk.startNanos());
            end = Math.max(end, chunk.endNanos());
        }
        return new Predictions(results, pending.isEmpty() ? 0 : end - start);
    }

    private void warmUp(final CleanItem sample) throws TranslateException {
        final List<Future<Chunk>> pending = new ArrayList<>();
        for (final Owned predictor : predictors) {
            pending.add(predictor.submit(List.of(sample)));
            pending.add(predictor.submit(Collections.nCopies(maxForwardPass, sample)));
        }
        for (final Future<Chunk> future : pending) {
            await(future);
        }
    }

    /** Closes the predictors on their threads, then the model; callers make sure no batch still runs on it. */
    @Override
    public void close() {
        predictors.forEach(Owned::close);
        for (final Owned predictor : predictors) {
            predictor.awaitClosed();
        }
        model.close();
    }

    private static Chunk await(final Future<Chunk> future) throws TranslateException {
        try {
            return future.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while predicting", e);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof TranslateException translate) {
                throw translate;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A predictor and the one thread that uses it. */
    private final class Owned {

        private final Predictor<CleanItem, Classifications> predictor;
        private final ExecutorService executor;
        private volatile Thread owner;

        Owned(final Predictor<CleanItem, Classifications> predictor, final String threadName) {
            this.predictor = predictor;
            this.executor = Executors.newSingleThreadExecutor(runnable -> {
                final Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                owner = thread;
                return thread;
            });
        }

        Future<Chunk> submit(final List<CleanItem> items) {
            return executor.submit(() -> {
                final long start = System.nanoTime();
                final List<Classifications> results = new ArrayList<>(items.size());
                for (int from = 0; from < items.size(); from += maxForwardPass) {
                    final int to = Math.min(items.size(), from + maxForwardPass);
                    results.addAll(predictor.batchPredict(items.subList(from, to)));
                }
                return new Chunk(results, start, System.nanoTime());
            });
        }

        void close() {
            executor.execute(predictor::close);
            executor.shutdown();
        }

        /** Returns once the thread has ended, not only its executor: the executor terminates while it still exits. */
        void awaitClosed() {
            try {
                final Thread exiting = owner;
                if (!executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        || exiting != null && !joined(exiting)) {
                    throw new IllegalStateException("a predictor of the model is still busy after "
                            + CLOSE_TIMEOUT_SECONDS + " s");
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing the model's predictors", e);
            }
        }

        private static boolean joined(final Thread thread) throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
            return !thread.isAlive();
        }
    }
}
