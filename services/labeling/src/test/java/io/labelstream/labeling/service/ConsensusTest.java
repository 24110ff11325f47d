package io.labelstream.labeling.service;

import static io.labelstream.labeling.Api.admin;
import static io.labelstream.labeling.service.QueueFlowTest.addItem;
import static io.labelstream.labeling.service.QueueFlowTest.answer;
import static io.labelstream.labeling.service.QueueFlowTest.next;
import static io.labelstream.labeling.service.QueueFlowTest.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How answers become labels: Dawid-Skene replaces majority vote once a project's answers allow a fit; labels improve
 * as evidence grows (a refit revises what it changes and breaks ties by the labelers' quality); items that stop
 * getting answers are closed by the project's straggler policy.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ConsensusTest {

    @Inject
    ConsensusService consensus;

    @Inject
    ProjectService projects;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldWeighLabelersByTheirFittedConfusionOnceThereAreEnoughAnswers() {
        final String project = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        Api.createProject(Api.textProject(project, 3, 3, 0.55, 0));
        final String careful = session("careful");
        final String alsoCareful = session("also-careful");
        final String alwaysSpam = session("always-spam");
        for (int i = 0; i < 12; i++) {
            addItem(project, "warmup-" + i, "text " + i);
            final String truth = i % 2 == 0 ? "ham" : "spam";
            answer(careful, next(careful, project), truth);
            answer(alsoCareful, next(alsoCareful, project), truth);
            answer(alwaysSpam, next(alwaysSpam, project), "spam");
        }
        final Project definition = projects.require(project);

        assertThat(consensus.refit(definition)).isPresent();
        assertThat(TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.labeler_model WHERE project_id = ?", project)).isEqualTo(3);

        addItem(project, "decided-by-ds", "text");
        answer(careful, next(careful, project), "ham");
        answer(alsoCareful, next(alsoCareful, project), "ham");
        answer(alwaysSpam, next(alwaysSpam, project), "spam");

        final List<Label> labels = TopicsAndTables.labelsOf(dataSource, project);
        final Label decided = labels.stream().filter(l -> l.itemId().equals("decided-by-ds")).findFirst().orElseThrow();
        assertThat(decided.method()).isEqualTo(Label.Method.dawid_skene);
        assertThat(decided.label()).isEqualTo("ham");
        assertThat(decided.confidence()).isGreaterThan(2.0 / 3);
    }

    @Test
    void shouldReviseAnEarlyMajorityVoteOnceTheFitKnowsItsVotersAlwaysSaySpam() {
        final String project = newProject("revise", 3, 3, "dawid_skene", "decide");
        final String careful = session("careful");
        final String alsoCareful = session("also-careful");
        final String spammer = session("spammer");
        final String otherSpammer = session("other-spammer");
        addItem(project, "early", "decided before any fit");
        answer(careful, next(careful, project), "ham");
        answer(spammer, next(spammer, project), "spam");
        answer(otherSpammer, next(otherSpammer, project), "spam");
        for (int i = 0; i < 12; i++) {
            addItem(project, "warmup-" + i, "text " + i);
            final String truth = i % 2 == 0 ? "ham" : "spam";
            final String lazy = i % 3 == 0 ? otherSpammer : spammer;
            answer(careful, next(careful, project), truth);
            answer(alsoCareful, next(alsoCareful, project), truth);
            answer(lazy, next(lazy, project), "spam");
        }
        assertThat(earliest(project, "early")).satisfies(first -> {
            assertThat(first.label()).isEqualTo("spam");
            assertThat(first.method()).isEqualTo(Label.Method.majority_vote);
        });

        final ConsensusService.Refit refit = consensus.refit(projects.require(project)).orElseThrow();

        assertThat(refit.revised()).isEqualTo(1);
        final List<Label> early = labelsOf(project, "early");
        assertThat(early).hasSize(2);
        final Label revision = early.get(1);
        assertThat(revision.label()).isEqualTo("ham");
        assertThat(revision.method()).isEqualTo(Label.Method.dawid_skene);
        assertThat(revision.revision()).isEqualTo(2);
        assertThat(revision.supersedes()).isEqualTo(early.get(0).labelId());
        assertThat(revision.labelId()).isNotEqualTo(early.get(0).labelId());
        assertThat(revision.annotations()).hasSize(3);
        assertThat(revision.confidence()).isGreaterThan(0.55);
        assertThat(exported(project)).containsEntry("early", "ham");

        assertThat(consensus.refit(projects.require(project)).orElseThrow().revised())
                .as("a refit that changes nothing revises nothing").isZero();
        assertThat(labelsOf(project, "early")).hasSize(2);
    }

    @Test
    void shouldBreakAMajorityVoteTieByTheLabelersQualityBeforeAskingAnAdmin() {
        final String project = newProject("ties", 2, 2, "majority_vote", "decide");
        final Crowd crowd = tieThenWarmUp(project);
        assertThat(statusOf(project, "tied-before-fit")).as("no fit yet: an admin's").isEqualTo("unresolved");

        final ConsensusService.Refit refit = consensus.refit(projects.require(project)).orElseThrow();

        assertThat(refit.tiesBroken()).isEqualTo(5);
        assertThat(refit.revised()).as("majority-vote labels do not depend on a fit").isZero();
        assertThat(statusOf(project, "tied-before-fit")).isEqualTo("final");
        final Label broken = earliest(project, "tied-before-fit");
        assertThat(broken.label()).isEqualTo("ham");
        assertThat(broken.method()).isEqualTo(Label.Method.dawid_skene);
        assertThat(broken.revision()).isNull();
        assertThat(earliest(project, "warmup-2").label()).isEqualTo("ham");

        addItem(project, "tied-after-fit", "text");
        answer(crowd.careful(), next(crowd.careful(), project), "spam");
        answer(crowd.spammer(), next(crowd.spammer(), project), "ham");
        assertThat(statusOf(project, "tied-after-fit")).isEqualTo("final");
        assertThat(earliest(project, "tied-after-fit").label()).as("the careful labeler's answer").isEqualTo("spam");
    }

    @Test
    void shouldDecideATieFromBeforeTheFitByTheFitsWinnerInADawidSkeneProject() {
        final String project = newProject("ds-ties", 2, 2, "dawid_skene", "decide", 0.999);
        tieThenWarmUp(project);
        assertThat(statusOf(project, "tied-before-fit")).isEqualTo("unresolved");

        final ConsensusService.Refit refit = consensus.refit(projects.require(project)).orElseThrow();

        assertThat(refit.tiesBroken()).as("decided as the fit would have decided them, below the 0.999 target")
                .isEqualTo(5);
        final Label decided = earliest(project, "tied-before-fit");
        assertThat(decided.label()).isEqualTo("ham");
        assertThat(decided.confidence()).isLessThan(0.999);
    }

    @Test
    void shouldDecideAStragglerOnItsAnswersOnceItWaitedPastTheLimitAndNobodyHoldsIt() {
        final String project = newProject("stragglers", 2, 3, "dawid_skene", "decide");
        final String only = session("only");
        final String late = session("late");
        addItem(project, "straggler", "text");
        answer(only, next(only, project), "spam");
        final Project definition = projects.require(project);

        assertThat(consensus.closeStragglers(definition, Instant.now())).as("not waited long enough").isZero();
        final String held = next(late, project);
        assertThat(consensus.closeStragglers(definition, Instant.now().plus(Duration.ofMinutes(2))))
                .as("a labeler holds it").isZero();
        Api.bearer(late).post("/api/v1/assignments/" + held + "/skip").then().statusCode(204);
        assertThat(consensus.closeStragglers(definition, Instant.now().plus(Duration.ofMinutes(2)))).isEqualTo(1);

        final Label label = earliest(project, "straggler");
        assertThat(label.label()).isEqualTo("spam");
        assertThat(label.belowMinLabelers()).isTrue();
        assertThat(label.annotations()).hasSize(1);
        assertThat(statusOf(project, "straggler")).isEqualTo("final");
    }

    @Test
    void shouldHandAStragglerToAnAdminWhenTheProjectSaysSo() {
        final String project = newProject("to-admin", 2, 3, "dawid_skene", "admin");
        final String only = session("only");
        addItem(project, "straggler", "text");
        answer(only, next(only, project), "ham");

        assertThat(consensus.closeStragglers(projects.require(project), Instant.now().plus(Duration.ofMinutes(2))))
                .isEqualTo(1);

        assertThat(statusOf(project, "straggler")).isEqualTo("unresolved");
        assertThat(labelsOf(project, "straggler")).isEmpty();
        final String taskId = TopicsAndTables.value(dataSource,
                "SELECT task_id FROM labeling.task WHERE project_id = ? AND item_id = ?", String.class, project,
                "straggler");
        admin().body(Map.of("label", "spam")).post("/api/v1/projects/" + project + "/tasks/" + taskId + "/decision")
                .then().statusCode(200);
        assertThat(earliest(project, "straggler").method()).isEqualTo(Label.Method.adjudicated);
    }

    /** Two careful labelers and one who says spam to everything. */
    private record Crowd(String careful, String alsoCareful, String spammer) {
    }

    /** An item tied before any fit (the careful labeler's ham against the spammer's spam), then the warm-up. */
    private static Crowd tieThenWarmUp(final String project) {
        final Crowd crowd = new Crowd(session("careful"), session("also-careful"), session("spammer"));
        addItem(project, "tied-before-fit", "text");
        answer(crowd.careful(), next(crowd.careful(), project), "ham");
        answer(crowd.spammer(), next(crowd.spammer(), project), "spam");
        warmUpWithTies(project, crowd.careful(), crowd.alsoCareful(), crowd.spammer());
        return crowd;
    }

    /**
     * The two careful labelers agree with each other on both classes, the spammer says spam to everything: a
     * quarter of the 16 items tie as well, the careful labeler's ham against the spammer's spam.
     */
    private static void warmUpWithTies(final String project, final String careful, final String alsoCareful,
            final String spammer) {
        for (int i = 0; i < 16; i++) {
            addItem(project, "warmup-" + i, "text " + i);
            switch (i % 4) {
                case 0 -> pair(project, careful, "ham", alsoCareful, "ham");
                case 1 -> pair(project, careful, "spam", alsoCareful, "spam");
                case 2 -> pair(project, careful, "ham", spammer, "spam");
                default -> pair(project, alsoCareful, "spam", spammer, "spam");
            }
        }
    }

    private static void pair(final String project, final String first, final String firstLabel, final String second,
            final String secondLabel) {
        answer(first, next(first, project), firstLabel);
        answer(second, next(second, project), secondLabel);
    }

    private static String newProject(final String prefix, final int min, final int max, final String method,
            final String stragglers) {
        return newProject(prefix, min, max, method, stragglers, 0.55);
    }

    private static String newProject(final String prefix, final int min, final int max, final String method,
            final String stragglers, final double target) {
        final String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        final Map<String, Object> project = new LinkedHashMap<>(Api.textProject(id, min, max, target, 0));
        project.put("consensus", Map.of("method", method, "minAnswersForModel", 30, "refitEverySeconds", 3600,
                "stragglerAfterMinutes", 1, "stragglers", stragglers));
        Api.createProject(project);
        return id;
    }

    private List<Label> labelsOf(final String project, final String itemId) {
        return TopicsAndTables.labelsOf(dataSource, project).stream().filter(l -> l.itemId().equals(itemId)).toList();
    }

    private Label earliest(final String project, final String itemId) {
        return labelsOf(project, itemId).get(0);
    }

    private String statusOf(final String project, final String itemId) {
        return TopicsAndTables.value(dataSource,
                "SELECT status FROM labeling.task WHERE project_id = ? AND item_id = ?", String.class, project, itemId);
    }

    /** The export's label of each item. */
    private static Map<String, String> exported(final String project) {
        final Map<String, String> labels = new LinkedHashMap<>();
        for (final String line : admin().get("/api/v1/projects/" + project + "/labels.jsonl").then().statusCode(200)
                .extract().asString().split("\n")) {
            final io.restassured.path.json.JsonPath json = io.restassured.path.json.JsonPath.from(line);
            labels.put(json.getString("itemId"), json.getString("label"));
        }
        return labels;
    }
}
