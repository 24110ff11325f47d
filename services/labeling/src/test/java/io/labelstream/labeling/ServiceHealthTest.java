package io.labelstream.labeling;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.ServiceEndpointsContract;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.ITEMS_CLEAN + ","
                + Topics.ITEMS_DUPLICATES + ","
                + Topics.TASKS_LABELING + ","
                + Topics.LABELS + ","
                + Topics.MODELS + ","
                + Topics.TRAINING_PROGRESS + ","
                + Topics.PROJECTS))
@WithTestResource(PostgresTestResource.class)
class ServiceHealthTest extends ServiceEndpointsContract {

    @Override
    protected String serviceName() {
        return "labeling";
    }

    @Test
    void shouldReportLive() {
        given().when().get("/q/health/live")
                .then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void shouldReportReadyOnceBrokerTopicsAndDatabaseAreThere() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check", "Kafka topics"))
                .body("checks.status", everyItem(is("UP")));
    }
}
