package io.labelstream.labeling.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The periodic work: lease expiry and the Dawid-Skene refits. */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);

    private final LeaseExpiryService leases;
    private final ConsensusService consensus;
    private final ProjectService projects;

    Schedules(final LeaseExpiryService leases, final ConsensusService consensus, final ProjectService projects) {
        this.leases = leases;
        this.consensus = consensus;
        this.projects = projects;
    }

    @Scheduled(every = "${labelstream.labeling.assignment.expiry-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireLeases() {
        final int expired = leases.expire();
        if (expired > 0) {
            LOG.debugf("%d leases expired", expired);
        }
    }

    @Scheduled(every = "${labelstream.labeling.consensus.refit-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refitModels() {
        projects.all().forEach(consensus::refit);
    }
}
