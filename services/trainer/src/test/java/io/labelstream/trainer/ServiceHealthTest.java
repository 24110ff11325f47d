package io.labelstream.trainer;

import java.util.List;

import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.ServiceEndpointsContract;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TrainerFixtures.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ServiceHealthTest extends ServiceEndpointsContract {

    @Override
    protected String serviceName() {
        return "trainer";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Database connections health check", "Kafka connection health check", "Kafka topics",
                "Topic follower");
    }
}
