package io.labelstream.inference.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.schemas.events.CleanItem;

/**
 * A fixed set of DJL predictors over one loaded model. A {@code Predictor} is not thread-safe, so each is lent to one
 * thread at a time; a batch larger than {@code minChunk} is cut into chunks that run on several predictors at once.
 * A chunk runs as forward passes of at most {@code maxForwardPass} items: past a size, a larger pass costs more per
 * item, as its intermediate tensors outgrow the processor's caches, so large transactions do not make large passes.
 */
public final class PredictorPool implements AutoCloseable {

    private final LoadedModel model;
    private final BlockingQueue<Predictor<CleanItem, Classifications>> idle;
    private final List<Predictor<CleanItem, Classifications>> all;
    private final int minChunk;
    private final int maxForwardPass;

    public PredictorPool(final LoadedModel model, final Translator<CleanItem, Classifications> translator,
            final int size, final int minChunk, final int maxForwardPass) {
        this.model = model;
        this.minChunk = Math.max(1, minChunk);
        this.maxForwardPass = Math.max(1, maxForwardPass);
        this.idle = new ArrayBlockingQueue<>(size);
        this.all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            final Predictor<CleanItem, Classifications> predictor = model.model().newPredictor(translator);
            all.add(predictor);
            idle.add(predictor);
        }
    }

    /**
     * A batch's results in item order, and the time its forward passes took: from the calling thread getting a
     * predictor to the last chunk's results, without the wait for a predictor that another thread held.
     */
    public record Predictions(List<Classifications> results, long predictingNanos) {
    }

    /** The calling thread runs the first chunk; the executor runs the others. */
    public Predictions predict(final List<CleanItem> items, final ExecutorService executor)
            throws TranslateException {
        final int chunks = Math.max(1, Math.min(all.size(), items.size() / minChunk));
        final int chunkSize = (items.size() + chunks - 1) / chunks;
        final List<Future<List<Classifications>>> others = new ArrayList<>();
        for (int start = chunkSize; start < items.size(); start += chunkSize) {
            final List<CleanItem> chunk = items.subList(start, Math.min(items.size(), start + chunkSize));
            others.add(executor.submit(() -> predictOnOne(chunk)));
        }
        final Predictor<CleanItem, Classifications> predictor = borrow();
        final long start = System.nanoTime();
        final List<Classifications> results;
        try {
            results = new ArrayList<>(forwardPasses(predictor, items.subList(0, Math.min(items.size(), chunkSize))));
        } finally {
            idle.add(predictor);
        }
        for (final Future<List<Classifications>> other : others) {
            results.addAll(await(other));
        }
        return new Predictions(results, System.nanoTime() - start);
    }

    /** Results in item order, from one predictor. */
    public List<Classifications> predictOnOne(final List<CleanItem> items) throws TranslateException {
        final Predictor<CleanItem, Classifications> predictor = borrow();
        try {
            return forwardPasses(predictor, items);
        } finally {
            idle.add(predictor);
        }
    }

    private List<Classifications> forwardPasses(final Predictor<CleanItem, Classifications> predictor,
            final List<CleanItem> items) throws TranslateException {
        final List<Classifications> results = new ArrayList<>(items.size());
        for (int start = 0; start < items.size(); start += maxForwardPass) {
            final int end = Math.min(items.size(), start + maxForwardPass);
            results.addAll(predictor.batchPredict(items.subList(start, end)));
        }
        return results;
    }

    /**
     * Runs every predictor once at batch size one and once at the largest forward pass, so that PyTorch's first-call
     * allocations and kernel selection happen before the first real item waits on them.
     */
    public void warmUp(final CleanItem sample) throws TranslateException {
        final List<Predictor<CleanItem, Classifications>> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < all.size(); i++) {
                final Predictor<CleanItem, Classifications> predictor = borrow();
                borrowed.add(predictor);
                predictor.predict(sample);
                predictor.batchPredict(Collections.nCopies(maxForwardPass, sample));
            }
        } finally {
            idle.addAll(borrowed);
        }
    }

    /** Closes the predictors and the model; callers make sure no batch still runs on it. */
    @Override
    public void close() {
        all.forEach(Predictor::close);
        model.close();
    }

    private Predictor<CleanItem, Classifications> borrow() {
        try {
            return idle.take();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a predictor", e);
        }
    }

    private static List<Classifications> await(final Future<List<Classifications>> future) throws TranslateException {
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
}
