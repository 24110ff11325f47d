package io.labelstream.labeling.service;

import io.labelstream.labeling.config.LabelingConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The periodic work: lease expiry, the Dawid-Skene refits, and pruning what the outbox has long published. */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);

    private final LeaseExpiryService leases;
    private final ConsensusService consensus;
    private final ProjectService projects;
    private final OutboxWriter outbox;
    private final LabelingConfig config;

    Schedules(final LeaseExpiryService leases, final ConsensusService consensus, final ProjectService projects,
            final OutboxWriter outbox, final LabelingConfig config) {
        this.leases = leases;
        this.consensus = consensus;
        this.projects = projects;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${labelstream.labeling.assignment.expiry-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireLeases() {
        int expired;
        do {
            expired = leases.expire();
            if (expired > 0) {
                LOG.debugf("%d leases expired", expired);
            }
        } while (expired >= LeaseExpiryService.BATCH);
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOutbox() {
        final int pruned = outbox.prunePublished(config.outbox().keepPublished());
        if (pruned > 0) {
            LOG.infof("Removed %d outbox rows published more than %s ago", pruned, config.outbox().keepPublished());
        }
    }

    @Scheduled(every = "${labelstream.labeling.consensus.refit-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refitModels() {
        projects.all().forEach(consensus::refit);
    }
}
