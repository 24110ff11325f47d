package io.labelstream.labeling.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A task row locked for the rest of the transaction. */
record TaskRow(long id, String taskId, String projectId, String itemId, int lane, String status, int wanted,
        int answered, int leased, int flags, String goldLabel, String lineage) {

    static TaskRow lock(final Connection connection, final long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AssignmentSql.LOCK_TASK)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("Task " + id + " vanished");
                }
                return new TaskRow(row.getLong("id"), row.getString("task_id"), row.getString("project_id"),
                        row.getString("item_id"), row.getInt("lane"), row.getString("status"), row.getInt("wanted"),
                        row.getInt("answered"), row.getInt("leased"), row.getInt("flags"),
                        row.getString("gold_label"), row.getString("lineage"));
            }
        }
    }
}
