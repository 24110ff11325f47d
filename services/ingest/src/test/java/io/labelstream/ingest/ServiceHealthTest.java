package io.labelstream.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.ServiceEndpointsContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.labelstream.ingest.fixtures.StreamsStateDirResource;
import io.labelstream.ingest.streams.CleaningStreamsConfig;

@QuarkusTest
@WithTestResource(StreamsStateDirResource.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.ITEMS_RAW + ","
                + Topics.ITEMS_CLEAN + ","
                + Topics.ITEMS_DUPLICATES + ","
                + Topics.ITEMS_REJECTED + ","
                + Topics.PROJECTS))
class ServiceHealthTest extends ServiceEndpointsContract {

    @Override
    protected String serviceName() {
        return "ingest";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Kafka connection health check", "Kafka topics", "Kafka Streams topics health check",
                "Kafka Streams processing");
    }

    /** The Kafka Streams extension passes every kafka-streams.* name the configuration lists on to Streams. */
    @Test
    void shouldRunTheTopologyWithTheStreamsSettingsItReliesOn() {
        final Config config = ConfigProvider.getConfig();
        final Set<String> names = new HashSet<>();
        config.getPropertyNames().forEach(names::add);

        CleaningStreamsConfig.settings().keySet().forEach(name -> assertThat(names).contains("kafka-streams." + name));
        for (final String guarantee : List.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                StreamsConfig.consumerPrefix("auto.offset.reset"))) {
            assertThat(config.getValue("kafka-streams." + guarantee, String.class)).as(guarantee)
                    .isEqualTo(CleaningStreamsConfig.settings().get(guarantee));
        }
        assertThat(config.getValue("kafka-streams.processing.guarantee", String.class)).isEqualTo("exactly_once_v2");
        // application.properties still overrides: tests commit every 50 ms
        assertThat(config.getValue("kafka-streams.commit.interval.ms", String.class)).isEqualTo("50");
    }

    @Test
    void shouldReportLiveWhileTheStreamsAppRuns() {
        given().when().get("/q/health/live")
                .then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItems("Kafka Streams state health check"));
    }
}
