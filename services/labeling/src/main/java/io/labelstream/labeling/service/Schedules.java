package io.labelstream.labeling.service;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.schemas.events.Project;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The periodic work: lease expiry, the Dawid-Skene refits and straggler closing, pruning what the outbox has long
 * published, and routing the backlog again once inference has a champion, or a much better one.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);

    private final LeaseExpiryService leases;
    private final ConsensusService consensus;
    private final ProjectService projects;
    private final OutboxWriter outbox;
    private final BacklogRerouting rerouting;
    private final TrainingBoard board;
    private final LabelingConfig config;
    private final Map<String, Instant> refitDue = new ConcurrentHashMap<>();

    Schedules(final LeaseExpiryService leases, final ConsensusService consensus, final ProjectService projects,
            final OutboxWriter outbox, final BacklogRerouting rerouting, final TrainingBoard board,
            final LabelingConfig config) {
        this.leases = leases;
        this.consensus = consensus;
        this.projects = projects;
        this.outbox = outbox;
        this.rerouting = rerouting;
        this.board = board;
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

    /**
     * Refits each project whose refit period has passed (the first one period after the project is first seen
     * here) and closes its stragglers.
     */
    @Scheduled(every = "${labelstream.labeling.consensus.check-every:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void decideAgain() {
        final Instant now = Instant.now();
        for (final Project project : projects.all()) {
            try {
                final Project.ConsensusPolicy policy = ConsensusPolicies.of(project, config.consensus());
                final Instant due = refitDue.computeIfAbsent(project.id(),
                        id -> now.plusSeconds(policy.refitEverySeconds()));
                if (!now.isBefore(due)) {
                    refitDue.put(project.id(), now.plusSeconds(policy.refitEverySeconds()));
                    final long start = System.nanoTime();
                    consensus.refit(project).ifPresent(refit -> LOG.logf(
                            refit.revised() + refit.tiesBroken() > 0 ? Logger.Level.INFO : Logger.Level.DEBUG,
                            "Project %s: refit on %d answers revised %d labels and broke %d ties in %d ms",
                            project.id(), refit.answers(), refit.revised(), refit.tiesBroken(),
                            (System.nanoTime() - start) / 1_000_000));
                }
                final int closed = consensus.closeStragglers(project, now);
                if (closed > 0) {
                    LOG.infof("Project %s: %d stragglers closed (%s)", project.id(), closed, policy.stragglers());
                }
            } catch (final RuntimeException e) {
                LOG.warnf("Could not decide the items of project %s again: %s", project.id(), e.getMessage());
            }
        }
    }

    @Scheduled(every = "${labelstream.labeling.reroute.every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rerouteBacklog() {
        if (!rerouting.enabled()) {
            return;
        }
        final Set<String> candidates = new TreeSet<>(rerouting.projectsWithBacklog());
        candidates.addAll(board.projects());
        for (final String project : candidates) {
            final TrainingBoard.Snapshot training = board.of(project);
            final Set<String> superseded =
                    BacklogRerouting.supersededVersions(training, config.reroute().minGain());
            try {
                BacklogRerouting.Outcome outcome;
                do {
                    outcome = rerouting.rerouteBatch(project, training.champion(), superseded);
                    if (outcome.rerouted() > 0) {
                        LOG.infof("Project %s: %d tasks routed again by its champion, %d of them auto-labeled",
                                project, outcome.rerouted(), outcome.autoLabeled());
                    }
                } while (outcome.full(config.reroute().batch()));
            } catch (final RuntimeException e) {
                LOG.warnf("Could not route the backlog of project %s again: %s", project, e.getMessage());
            }
        }
    }
}
