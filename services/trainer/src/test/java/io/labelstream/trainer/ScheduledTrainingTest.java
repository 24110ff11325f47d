package io.labelstream.trainer;

import static io.labelstream.trainer.TrainerFixtures.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.schemas.events.Label;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.labelstream.trainer.domain.TrainingRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schedule trigger: with a short interval the trainer trains a project that has new labels exactly once, even
 * though the timer fires many times during the run and after it, and trains again only after new labels arrive.
 */
@QuarkusTest
@TestProfile(ScheduledTrainingTest.EverySecond.class)
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ScheduledTrainingTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final int TICKS_TO_WATCH = 5;

    private static TrainerFixtures fixtures;

    /** A one-second schedule, so that several ticks pass while one run trains. */
    public static final class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("labelstream.trainer.schedule", "1s");
        }
    }

    @BeforeAll
    static void startFixtures() {
        fixtures = new TrainerFixtures();
    }

    @AfterAll
    static void stopFixtures() {
        if (fixtures != null) {
            fixtures.close();
        }
    }

    @Test
    void shouldTrainAProjectWithNewLabelsOnceOnScheduleAndAgainOnlyAfterNewLabels() {
        // the labels arrive before the project, so that the first tick that knows the project sees all of them
        fixtures.labeledItems("scheduled", "sched", 100, Label.Source.human);
        await("100 usable labels", LIMIT, () -> usableLabels("scheduled") == 100);
        fixtures.project("scheduled", 0, 0.0, false);
        fixtures.flush();

        await("a scheduled run", LIMIT, () -> !runs("scheduled").isEmpty());
        final String first = (String) runs("scheduled").get(0).get("id");
        await("the end of the scheduled run", LIMIT, () -> finished(first));
        final Instant finished = Instant.now();
        await(TICKS_TO_WATCH + " more ticks of the schedule", LIMIT,
                () -> Duration.between(finished, Instant.now()).toSeconds() >= TICKS_TO_WATCH);

        final List<Map<String, Object>> afterTicks = runs("scheduled");
        assertThat(afterTicks).hasSize(1);
        assertThat(afterTicks.get(0).get("trigger")).isEqualTo("schedule");
        assertThat(afterTicks.get(0).get("status")).isEqualTo("succeeded");

        fixtures.labeledItems("scheduled", "sched-more", 10, Label.Source.human);
        await("another scheduled run after new labels", LIMIT, () -> runs("scheduled").size() >= 2);
        final String second = (String) runs("scheduled").get(0).get("id");
        await("the end of the second scheduled run", LIMIT, () -> finished(second));
        final List<Map<String, Object>> all = runs("scheduled");
        assertThat(all).extracting(run -> run.get("trigger")).containsOnly("schedule");
        for (int newer = 0; newer + 1 < all.size(); newer++) {
            final Instant started = Instant.parse((String) all.get(newer).get("startedAt"));
            final Instant previousEnd = Instant.parse((String) all.get(newer + 1).get("finishedAt"));
            assertThat(started).as("one run at a time").isAfterOrEqualTo(previousEnd);
        }
    }

    private static long usableLabels(final String project) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) TrainingRun.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM label l JOIN item i ON i.item_id = l.item_id"
                        + " WHERE l.project = ?1")
                .setParameter(1, project)
                .getSingleResult()).longValue());
    }

    private static List<Map<String, Object>> runs(final String project) {
        return given().get("/api/v1/projects/" + project + "/runs").jsonPath().getList("");
    }

    private static boolean finished(final String runId) {
        final String status = QuarkusTransaction.requiringNew()
                .call(() -> TrainingRun.<TrainingRun>findById(runId).status);
        return TrainingRun.SUCCEEDED.equals(status) || TrainingRun.FAILED.equals(status);
    }
}
