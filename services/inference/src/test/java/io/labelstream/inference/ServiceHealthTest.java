package io.labelstream.inference;

import java.util.List;

import io.labelstream.inference.support.ServiceTopics;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.ServiceEndpointsContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = ServiceTopics.ALL))
class ServiceHealthTest extends ServiceEndpointsContract {

    @Override
    protected String serviceName() {
        return "inference";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Kafka connection health check", "Kafka topics", "Predictions", "Kafka Streams processing");
    }
}
