package io.labelstream.inference.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.streams.PredictionPipeline;
import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.TestKafkaCluster;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A restarted instance is not ready while its group keeps it waiting: here a member that holds the rebalance back
 * (it never polls again, as a process that hangs would), the way a crashed predecessor does until its session
 * times out.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class ReadinessWaitsForTheGroupTest {

    @Inject
    PredictionPipeline pipeline;

    @Inject
    InferenceConfig config;

    @Test
    void shouldNotBeReadyUntilTheGroupHasAssignedThePredictionLoopsTheirPartitions() {
        await().atMost(Duration.ofMinutes(2)).until(() -> readinessStatus() == 200);
        pipeline.stopLoops();

        try (KafkaConsumer<String, String> holder = holdingMember()) {
            holder.subscribe(List.of(Topics.ITEMS_CLEAN));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                holder.poll(Duration.ofMillis(100));
                return !holder.assignment().isEmpty();
            });

            pipeline.startLoops();

            // the loops' join starts a rebalance that waits for the holder to join again, which it does not do
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> readinessStatus() == 503);
            given().when().get("/q/health/ready").then()
                    .body("checks.findAll { it.name == 'Predictions' }.status", hasItem("DOWN"))
                    .body("checks.findAll { it.name == 'Predictions' }.data.assignment",
                            hasItem("waiting for the group to assign partitions"));
        }

        // the holder left the group: the rebalance completes and the loops get their partitions
        await().atMost(Duration.ofSeconds(60)).until(() -> readinessStatus() == 200);
    }

    private KafkaConsumer<String, String> holdingMember() {
        final Properties properties = TestKafkaCluster.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // how long the group waits for this member to join a rebalance: longer than the test looks
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static int readinessStatus() {
        return given().when().get("/q/health/ready").statusCode();
    }
}
