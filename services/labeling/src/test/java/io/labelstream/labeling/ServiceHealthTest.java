package io.labelstream.labeling;

import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.labelstream.testing.ServiceEndpointsContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class ServiceHealthTest extends ServiceEndpointsContract {

    @Override
    protected String serviceName() {
        return "labeling";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Database connections health check", "Kafka connection health check", "Kafka topics",
                "Task intake");
    }
}
