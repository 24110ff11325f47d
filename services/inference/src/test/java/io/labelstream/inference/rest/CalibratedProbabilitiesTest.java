package io.labelstream.inference.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.support.Champions;
import io.labelstream.inference.support.KafkaIo;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.inference.support.TestModels;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Project;
import io.labelstream.testing.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class CalibratedProbabilitiesTest {

    private static final String TEXT = "free money for the budget meeting";

    @Inject
    ModelRegistry registry;

    @Inject
    InferenceConfig config;

    @Test
    void shouldDivideTheLogitsByTheTemperatureOfTheModelsEventRatherThanTheArtifacts() throws Exception {
        final String project = "calibrated-" + UUID.randomUUID();
        KafkaIo.send(Topics.PROJECTS, project,
                KafkaIo.textProject(project, 0.9, 0.0, Project.UncertaintyMeasure.margin));
        final ModelEvent written = TestModels.promotedTextModel(config.resolvedModelStore(), project, "v1", 11, 0.9);
        promote(written, "v1");
        final double uncalibrated = spamProbability(project);

        final double temperature = 2.5;
        promote(new ModelEvent(written.schemaVersion(), ModelEvent.Type.promoted, project, "v1-recalibrated",
                written.architecture(), written.labels(), written.datasetVersion(), written.artifactUri(),
                written.artifactSha256(), temperature, written.metrics(), "recalibrated", Instant.now()),
                "v1-recalibrated");
        final double calibrated = spamProbability(project);

        // two labels: p(spam) = sigmoid(z_spam - z_ham), so the logit difference is logit(p) at temperature 1
        final double logitDifference = Math.log(uncalibrated / (1 - uncalibrated));
        assertThat(Math.abs(logitDifference)).as("a model that cannot tell the labels apart shows no scaling")
                .isGreaterThan(1e-3);
        assertThat(calibrated).isCloseTo(1 / (1 + Math.exp(-logitDifference / temperature)), within(1e-5));
    }

    private void promote(final ModelEvent event, final String version) throws InterruptedException {
        KafkaIo.send(Topics.MODELS, event.project(), event);
        Champions.await(registry, event.project(), version);
    }

    private static double spamProbability(final String project) {
        return given().contentType(ContentType.JSON).body(Map.of("project", project, "text", TEXT))
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .extract().jsonPath().getDouble("probabilities.find { it.label == 'spam' }.probability");
    }
}
