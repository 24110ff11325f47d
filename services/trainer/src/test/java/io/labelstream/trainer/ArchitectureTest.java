package io.labelstream.trainer;

import io.labelstream.testing.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The layer and cycle rules of every service (see {@link ServiceArchitecture}), on this service's classes. */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> shouldKeepTheLayersOfEveryService() {
        return ServiceArchitecture.tests("io.labelstream.trainer");
    }
}
