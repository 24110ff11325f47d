package io.labelstream.trainer.service;

import io.labelstream.trainer.config.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The heartbeat of this trainer's runs: renews their leases four times per lease and fails any trainer's runs whose
 * lease ran out. Its first pass runs at start-up, before the topic follower can queue anything.
 */
@ApplicationScoped
public class RunLeaseKeeper {

    private static final Logger LOG = Logger.getLogger(RunLeaseKeeper.class);
    private static final int BEATS_PER_LEASE = 4;

    private final RunService runs;
    private final TrainerInstance instance;
    private final long periodMillis;
    private ScheduledExecutorService timer;

    public RunLeaseKeeper(final RunService runs, final TrainerInstance instance, final TrainerConfig config) {
        this.runs = runs;
        this.instance = instance;
        this.periodMillis = Math.max(1, config.runLease().toMillis() / BEATS_PER_LEASE);
    }

    void start(@Observes @Priority(1) final StartupEvent event) {
        runs.failExpiredRuns();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "training-run-leases");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::beat, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        LOG.infof("Trainer %s renews its runs' leases every %d ms", instance.id(), periodMillis);
    }

    void stop(@Observes final ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            runs.releaseOwnRuns();
        } catch (final RuntimeException e) {
            LOG.warn("Could not release this trainer's runs; they fail when their leases run out", e);
        }
    }

    private void beat() {
        try {
            runs.renewLeases(instance.id());
            runs.failExpiredRuns();
        } catch (final RuntimeException e) {
            // the database may be restarting; the next beat tries again well within the lease
            LOG.warn("Could not renew the runs' leases", e);
        }
    }
}
