package io.labelstream.inference.service;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.labelstream.schemas.events.ModelEvent;

/**
 * A project's champion model with its predictor pool, counted by leases. The registry holds one lease while the
 * model is champion; every batch holds one while it predicts. When a newer champion replaces this one, the registry
 * gives up its lease, and whoever returns the last lease closes the model: an in-flight batch always finishes on the
 * model it started with, and no model outlives its last batch.
 */
public final class Champion {

    private final String modelVersion;
    private final List<String> labels;
    private final ModelEvent event;
    private final PredictorPool pool;
    private final Runnable onClose;
    private final AtomicInteger leases = new AtomicInteger(1);

    Champion(final String modelVersion, final List<String> labels, final ModelEvent event,
            final PredictorPool pool, final Runnable onClose) {
        this.modelVersion = modelVersion;
        this.labels = List.copyOf(labels);
        this.event = event;
        this.pool = pool;
        this.onClose = onClose;
    }

    public String modelVersion() {
        return modelVersion;
    }

    public List<String> labels() {
        return labels;
    }

    public ModelEvent event() {
        return event;
    }

    public PredictorPool pool() {
        return pool;
    }

    /** False once the model is closed or closing; the caller then looks up the current champion again. */
    boolean acquire() {
        while (true) {
            final int current = leases.get();
            if (current <= 0) {
                return false;
            }
            if (leases.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (leases.decrementAndGet() == 0) {
            pool.close();
            onClose.run();
        }
    }

    /** One batch's use of a champion; closing it returns the lease. */
    public static final class Lease implements AutoCloseable {

        private final Champion champion;

        Lease(final Champion champion) {
            this.champion = champion;
        }

        public Champion champion() {
            return champion;
        }

        @Override
        public void close() {
            champion.release();
        }
    }
}
