package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists if and only if the change it
 * announces was committed. The relay publishes it later.
 */
@ApplicationScoped
public class OutboxWriter {

    private static final String INSERT = "INSERT INTO labeling.outbox (topic, record_key, payload) VALUES (?, ?, ?)";

    private final AgroalDataSource dataSource;

    OutboxWriter(final AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(final String topic, final String key, final Object event) {
        try (Connection connection = dataSource.getConnection()) {
            append(connection, topic, key, event);
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot write to the outbox", e);
        }
    }

    /**
     * Deletes rows published longer ago than {@code keep}; the relay needs only unpublished rows and its
     * checkpoints, so history beyond what operators want to inspect can go.
     */
    @Transactional
    public int prunePublished(final Duration keep) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM labeling.outbox WHERE published_at < now() - ? * interval '1 millisecond'")) {
            delete.setLong(1, keep.toMillis());
            return delete.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot prune the outbox", e);
        }
    }

    /** For callers that already hold the transaction's connection. */
    public static void append(final Connection connection, final String topic, final String key, final Object event)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, topic);
            statement.setString(2, key);
            statement.setString(3, event == null ? null : Json.MAPPER.writeValueAsString(event));
            statement.executeUpdate();
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
