package io.labelstream.labeling;

import io.labelstream.schemas.Topics;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The real broker with the service's topics and the real PostgreSQL, for every {@code @QuarkusTest} here. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = Topics.ITEMS_CLEAN + ","
                + Topics.ITEMS_DUPLICATES + ","
                + Topics.TASKS_LABELING + ","
                + Topics.LABELS + ","
                + Topics.MODELS + ","
                + Topics.TRAINING_PROGRESS + ","
                + Topics.PROJECTS))
@WithTestResource(PostgresTestResource.class)
public @interface LabelingTestResources {
}
