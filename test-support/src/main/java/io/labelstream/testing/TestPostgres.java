package io.labelstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server (embedded binaries) per test JVM.
 *
 * <p>Usable from plain JUnit tests ({@link #jdbcUrl()}) and, through {@link PostgresTestResource}, from
 * {@code @QuarkusTest}s. The server starts on first use and stops when the JVM exits.
 */
public final class TestPostgres {

    /** Published as a system property so that every class loader of the test JVM shares one server. */
    static final String JDBC_URL_PROPERTY = "labelstream.test.postgres.jdbc-url";

    private static final String DATABASE = "postgres";
    private static final String USERNAME = "postgres";
    /** The embedded server trusts local connections; drivers and pools still want a non-null password. */
    private static final String PASSWORD = "postgres";

    private TestPostgres() {
    }

    /** Starts the server if this JVM has none yet and returns its JDBC URL. */
    public static String jdbcUrl() {
        synchronized (System.getProperties()) {
            final String running = System.getProperty(JDBC_URL_PROPERTY);
            if (running != null) {
                return running;
            }
            final String started = start();
            System.setProperty(JDBC_URL_PROPERTY, started);
            return started;
        }
    }

    public static String username() {
        return USERNAME;
    }

    public static String password() {
        return PASSWORD;
    }

    private static String start() {
        try {
            final EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "test-postgres-shutdown"));
            return postgres.getJdbcUrl(USERNAME, DATABASE);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not start the test PostgreSQL server", e);
        }
    }

    private static void close(final EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (final IOException e) {
            System.err.println("Could not stop the test PostgreSQL server: " + e);
        }
    }
}
