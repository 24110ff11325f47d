package io.labelstream.labeling.service;

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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The service switches from majority vote to Dawid-Skene once a project's answers allow a fit. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class DawidSkeneConsensusTest {

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
        final String careful = QueueFlowTest.session("careful");
        final String alsoCareful = QueueFlowTest.session("also-careful");
        final String alwaysSpam = QueueFlowTest.session("always-spam");
        for (int i = 0; i < 12; i++) {
            QueueFlowTest.addItem(project, "warmup-" + i, "text " + i);
            final String truth = i % 2 == 0 ? "ham" : "spam";
            QueueFlowTest.answer(careful, QueueFlowTest.next(careful, project), truth);
            QueueFlowTest.answer(alsoCareful, QueueFlowTest.next(alsoCareful, project), truth);
            QueueFlowTest.answer(alwaysSpam, QueueFlowTest.next(alwaysSpam, project), "spam");
        }
        final Project definition = projects.require(project);

        assertThat(consensus.refit(definition)).isPresent();
        assertThat(TopicsAndTables.count(dataSource,
                "SELECT count(*) FROM labeling.labeler_model WHERE project_id = ?", project)).isEqualTo(3);

        QueueFlowTest.addItem(project, "decided-by-ds", "text");
        QueueFlowTest.answer(careful, QueueFlowTest.next(careful, project), "ham");
        QueueFlowTest.answer(alsoCareful, QueueFlowTest.next(alsoCareful, project), "ham");
        QueueFlowTest.answer(alwaysSpam, QueueFlowTest.next(alwaysSpam, project), "spam");

        final List<Label> labels = TopicsAndTables.labelsOf(dataSource, project);
        final Label decided = labels.stream().filter(l -> l.itemId().equals("decided-by-ds")).findFirst().orElseThrow();
        assertThat(decided.method()).isEqualTo(Label.Method.dawid_skene);
        assertThat(decided.label()).isEqualTo("ham");
        assertThat(decided.confidence()).isGreaterThan(2.0 / 3);
    }
}
