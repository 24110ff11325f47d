package io.labelstream.labeling.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A task row locked for the rest of the transaction. */
record TaskRow(long id, String taskId, String projectId, String itemId, int lane, String status, int wanted,
        int answered, int leased, int flags, String goldLabel, String lineage) {

    private static final String COLUMNS =
            "id, task_id, project_id, item_id, lane, status, wanted, answered, leased, flags, gold_label, lineage";

    static TaskRow lock(final Connection connection, final long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AssignmentSql.LOCK_TASK)) {
            statement.setLong(1, id);
            return read(statement).orElseThrow(() -> new IllegalStateException("Task " + id + " vanished"));
        }
    }

    /** The project's task with this task id, or else the latest task of this item, locked; empty if neither. */
    static Optional<TaskRow> lock(final Connection connection, final String projectId, final String taskId,
            final String itemId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(taskId != null
                ? "SELECT " + COLUMNS + " FROM labeling.task WHERE project_id = ? AND task_id = ? FOR UPDATE"
                : "SELECT " + COLUMNS + " FROM labeling.task WHERE project_id = ? AND item_id = ? "
                        + "ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
            statement.setString(1, projectId);
            statement.setString(2, taskId != null ? taskId : itemId);
            return read(statement);
        }
    }

    /** This row after an answer was counted, with the counts the database returned. */
    TaskRow afterAnswer(final int newAnswered, final int newLeased) {
        return new TaskRow(id, taskId, projectId, itemId, lane, status, wanted, newAnswered, newLeased, flags,
                goldLabel, lineage);
    }

    private static Optional<TaskRow> read(final PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new TaskRow(row.getLong("id"), row.getString("task_id"), row.getString("project_id"),
                    row.getString("item_id"), row.getInt("lane"), row.getString("status"), row.getInt("wanted"),
                    row.getInt("answered"), row.getInt("leased"), row.getInt("flags"),
                    row.getString("gold_label"), row.getString("lineage")));
        }
    }
}
