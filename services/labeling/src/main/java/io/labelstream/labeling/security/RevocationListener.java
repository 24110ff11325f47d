package io.labelstream.labeling.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears every revocation of sessions, made by this instance or another one sharing the database, through PostgreSQL's
 * {@code LISTEN}/{@code NOTIFY}: a notification is delivered when the revoking transaction commits. While it listens,
 * {@link KnownTokens} may answer requests from memory; when its connection fails, nothing is trusted until it listens
 * again.
 */
@ApplicationScoped
public class RevocationListener {

    static final String CHANNEL = "labeling_sessions_revoked";

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);
    /** How long a wait for notifications lasts; between waits the connection is checked, so a dead one is noticed. */
    private static final int WAIT_MILLIS = 1_000;
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    private final AgroalDataSource dataSource;
    private final KnownTokens known;
    private volatile boolean running;
    private Thread thread;

    RevocationListener(final AgroalDataSource dataSource, final AccessTokens tokens) {
        this.dataSource = dataSource;
        this.known = tokens.known();
    }

    void onStart(@Observes final StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "session-revocations");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes final ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(Duration.ofSeconds(5).toMillis());
        }
    }

    private void run() {
        while (running) {
            try {
                listen();
            } catch (final SQLException e) {
                LOG.warnf("Not hearing session revocations (%s); every request checks its token in the database "
                        + "until listening again", e.getMessage());
            } finally {
                known.distrust();
            }
            pause(RECONNECT_AFTER);
        }
    }

    private void listen() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
            final PGConnection notifications = connection.unwrap(PGConnection.class);
            known.trust();
            while (running) {
                final PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                if (received != null) {
                    for (final PGNotification notification : received) {
                        known.revokedSessionsOf(Long.parseLong(notification.getParameter()));
                    }
                }
                statement.execute("SELECT 1");
            }
        }
    }

    private void pause(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
