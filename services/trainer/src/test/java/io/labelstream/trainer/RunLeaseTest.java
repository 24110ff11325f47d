package io.labelstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.service.errors.Refusal;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.labelstream.trainer.domain.ModelVersion;
import io.labelstream.trainer.domain.TrainingRun;
import io.labelstream.trainer.service.RunService;
import io.labelstream.trainer.service.TrainerInstance;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several trainers sharing one real PostgreSQL: runs are claimed under leases, only runs whose lease ran out are
 * recovered, and of two trainers claiming the same project at the same moment exactly one wins. The other trainer is
 * played by claims and rows under another owner's name.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class RunLeaseTest {

    private static final int CONTESTED_PROJECTS = 20;

    @Inject
    RunService runs;

    @Inject
    TrainerInstance instance;

    @Test
    void shouldFailOnlyTheRunsWhoseLeaseRanOutAndLeaveAnotherLiveTrainersRunAlone() {
        final String crashed = run("lease-a", "crashed-trainer", TrainingRun.RUNNING, Instant.now().minusSeconds(5));
        final String live = run("lease-b", "other-trainer", TrainingRun.RUNNING, Instant.now().plusSeconds(300));
        final String legacy = run("lease-c", null, TrainingRun.QUEUED, null);

        final List<String> failed = runs.failExpiredRuns().stream().map(run -> run.id).toList();

        assertThat(failed).doesNotContain(live);
        assertThat(status(crashed)).isEqualTo(TrainingRun.FAILED);
        assertThat(error(crashed)).startsWith("interrupted");
        assertThat(status(legacy)).isEqualTo(TrainingRun.FAILED);
        assertThat(status(live)).isEqualTo(TrainingRun.RUNNING);
        assertThat(QuarkusTransaction.requiringNew().call(() -> ModelVersion.count("project", "lease-a"))).isZero();
    }

    @Test
    void shouldRefuseAClaimWhileAnotherTrainerHoldsTheProjectAndTakeItOverOnceTheLeaseRanOut() {
        final String held = run("lease-d", "other-trainer", TrainingRun.RUNNING, Instant.now().plusSeconds(300));
        assertThatThrownBy(() -> runs.claim(instance.id(), "lease-d", "admin", null))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.CONFLICT));
        assertThat(runs.hasLiveRun("lease-d")).isTrue();

        final String expired = run("lease-e", "crashed-trainer", TrainingRun.RUNNING, Instant.now().minusSeconds(1));
        assertThat(runs.hasLiveRun("lease-e")).isFalse();
        final TrainingRun claimed = runs.claim(instance.id(), "lease-e", "admin", null);

        assertThat(claimed.owner).isEqualTo(instance.id());
        assertThat(claimed.leaseUntil).isAfter(Instant.now());
        assertThat(status(expired)).isEqualTo(TrainingRun.FAILED);
        assertThat(status(held)).isEqualTo(TrainingRun.RUNNING);
    }

    @Test
    void shouldLetExactlyOneOfTwoConcurrentTrainersClaimAProject() throws Exception {
        final ExecutorService trainers = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < CONTESTED_PROJECTS; i++) {
                final String project = "contested-" + i;
                if (i % 2 == 1) {
                    run(project, "crashed-trainer", TrainingRun.RUNNING, Instant.now().minusSeconds(1));
                }
                final CountDownLatch go = new CountDownLatch(1);
                final List<Future<String>> claims = new ArrayList<>();
                for (final String trainer : List.of("trainer-a", "trainer-b")) {
                    claims.add(trainers.submit(claim(go, trainer, project)));
                }
                go.countDown();
                final List<String> winners = new ArrayList<>();
                for (final Future<String> claim : claims) {
                    final String owner = claim.get();
                    if (owner != null) {
                        winners.add(owner);
                    }
                }

                assertThat(winners).as(project).hasSize(1);
                assertThat(QuarkusTransaction.requiringNew().call(() -> TrainingRun.count(
                        "project = ?1 and status in (?2, ?3)", project, TrainingRun.QUEUED, TrainingRun.RUNNING)))
                        .as(project).isEqualTo(1);
            }
        } finally {
            trainers.shutdownNow();
        }
    }

    @Test
    void shouldRenewOnlyTheRenewingTrainersLeases() {
        final Instant soon = Instant.now().plusSeconds(2);
        final String mine = run("lease-f", "renewing-trainer", TrainingRun.RUNNING, soon);
        final String theirs = run("lease-g", "other-trainer", TrainingRun.RUNNING, soon);

        assertThat(runs.renewLeases("renewing-trainer")).isEqualTo(1);

        assertThat(leaseUntil(mine)).isAfter(soon.plus(Duration.ofSeconds(30)));
        assertThat(leaseUntil(theirs)).isBefore(soon.plusMillis(1));
    }

    @Test
    void shouldStartOnlyItsOwnQueuedRun() {
        final String theirs = run("lease-h", "other-trainer", TrainingRun.QUEUED, Instant.now().plusSeconds(300));
        final String mine = runs.create("lease-i", "admin", null).id;
        final String failed = runs.create("lease-j", "admin", null).id;
        runs.fail(failed, TrainingProgress.FailureReason.interrupted, "lost its lease");

        assertThat(runs.start(theirs)).isEmpty();
        assertThat(runs.start(failed)).isEmpty();
        assertThat(runs.start(mine)).hasValueSatisfying(run -> assertThat(run.status).isEqualTo(TrainingRun.RUNNING));
        assertThat(status(theirs)).isEqualTo(TrainingRun.QUEUED);
    }

    /** A trainer's claim, released together with its rival's; the winner's name, or null for a conflict. */
    private Callable<String> claim(final CountDownLatch go, final String trainer, final String project) {
        return () -> {
            go.await();
            try {
                return runs.claim(trainer, project, "admin", null).owner;
            } catch (final Refusal e) {
                assertThat(e.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                return null;
            }
        };
    }

    private static String run(final String project, final String owner, final String status,
            final Instant leaseUntil) {
        final String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            final TrainingRun run = new TrainingRun();
            run.id = id;
            run.project = project;
            run.status = status;
            run.trigger = "admin";
            run.owner = owner;
            run.leaseUntil = leaseUntil;
            run.createdAt = Instant.now();
            run.persist();
        });
        return id;
    }

    private static String status(final String runId) {
        return QuarkusTransaction.requiringNew().call(() -> TrainingRun.<TrainingRun>findById(runId).status);
    }

    private static String error(final String runId) {
        return QuarkusTransaction.requiringNew().call(() -> TrainingRun.<TrainingRun>findById(runId).error);
    }

    private static Instant leaseUntil(final String runId) {
        return QuarkusTransaction.requiringNew().call(() -> TrainingRun.<TrainingRun>findById(runId).leaseUntil);
    }
}
