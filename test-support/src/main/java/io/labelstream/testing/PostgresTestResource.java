package io.labelstream.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest}'s default datasource at the JVM's {@link TestPostgres}.
 *
 * <pre>{@code
 * @WithTestResource(PostgresTestResource.class)
 * }</pre>
 *
 * <p>{@link #stop()} leaves the server running: it is shared by all tests of the JVM and stops with it.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", TestPostgres.jdbcUrl(),
                "quarkus.datasource.username", TestPostgres.username(),
                "quarkus.datasource.password", TestPostgres.password());
    }

    @Override
    public void stop() {
        // shared per JVM, see TestPostgres
    }
}
