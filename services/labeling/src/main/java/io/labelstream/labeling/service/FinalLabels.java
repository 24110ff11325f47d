package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** The final_label table: one row per labeled task, holding the exact event that went to the outbox. */
final class FinalLabels {

    private FinalLabels() {
    }

    static void store(final Connection connection, final String taskId, final Label label) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO labeling.final_label (label_id, task_pk, project_id, item_id, label, method, confidence,
                    event, labeled_at)
                SELECT ?, id, ?, ?, ?, ?, ?, ?, ? FROM labeling.task WHERE task_id = ?
                """)) {
            statement.setString(1, label.labelId());
            statement.setString(2, label.project());
            statement.setString(3, label.itemId());
            statement.setString(4, label.label());
            statement.setString(5, label.method().name());
            statement.setDouble(6, label.confidence());
            statement.setString(7, Json.MAPPER.writeValueAsString(label));
            statement.setTimestamp(8, Timestamp.from(label.labeledAt()));
            statement.setString(9, taskId);
            statement.executeUpdate();
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write label " + label.labelId(), e);
        }
    }
}
