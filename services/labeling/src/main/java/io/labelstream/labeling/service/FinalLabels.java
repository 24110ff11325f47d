package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The final_label table: one row per labeled task, holding the exact event of its latest revision that went to the
 * outbox.
 */
final class FinalLabels {

    private FinalLabels() {
    }

    /** Stores a label given with its task (a gold item's answer); the task keeps its status. */
    static void store(final Connection connection, final String taskId, final Label label) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO labeling.final_label (label_id, task_pk, project_id, item_id, label, method, confidence,
                    event, labeled_at)
                SELECT ?, id, ?, ?, ?, ?, ?, ?, ? FROM labeling.task WHERE task_id = ?
                """)) {
            statement.setString(bindLabel(statement, 1, label), taskId);
            statement.executeUpdate();
        }
    }

    /** Stores the label that decides a task, and marks the task final, in one statement. */
    static void decide(final Connection connection, final long taskPk, final Label label) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH decided AS (UPDATE labeling.task SET status = 'final' WHERE id = ? RETURNING id)
                INSERT INTO labeling.final_label (label_id, task_pk, project_id, item_id, label, method, confidence,
                    event, labeled_at)
                SELECT ?, id, ?, ?, ?, ?, ?, ?, ? FROM decided
                """)) {
            statement.setLong(1, taskPk);
            bindLabel(statement, 2, label);
            statement.executeUpdate();
        }
    }

    /** Binds the label's columns from {@code first} on; returns the next parameter's index. */
    private static int bindLabel(final PreparedStatement statement, final int first, final Label label)
            throws SQLException {
        try {
            statement.setString(first, label.labelId());
            statement.setString(first + 1, label.project());
            statement.setString(first + 2, label.itemId());
            statement.setString(first + 3, label.label());
            statement.setString(first + 4, label.method().name());
            statement.setDouble(first + 5, label.confidence());
            statement.setString(first + 6, Json.MAPPER.writeValueAsString(label));
            statement.setTimestamp(first + 7, Timestamp.from(label.labeledAt()));
            return first + 8;
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write label " + label.labelId(), e);
        }
    }

    /**
     * Replaces the task's label by its next revision, if {@code previous} is still its latest: a revision is made
     * once per state of the label, however many fits race to make it.
     */
    static boolean revise(final Connection connection, final Label previous, final Label revision) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE labeling.final_label SET label_id = ?, label = ?, method = ?, confidence = ?, event = ?,
                    labeled_at = ?, revision = ?
                WHERE label_id = ?
                """)) {
            statement.setString(1, revision.labelId());
            statement.setString(2, revision.label());
            statement.setString(3, revision.method().name());
            statement.setDouble(4, revision.confidence());
            statement.setString(5, Json.MAPPER.writeValueAsString(revision));
            statement.setTimestamp(6, Timestamp.from(revision.labeledAt()));
            statement.setInt(7, revision.revisionNumber());
            statement.setString(8, previous.labelId());
            return statement.executeUpdate() == 1;
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write label " + revision.labelId(), e);
        }
    }

    /**
     * The latest label of every task of the project that consensus decided and a refit may revise, by task id: the
     * order in which a refit locks their tasks.
     */
    static SortedMap<String, Label> revisable(final Connection connection, final String projectId) throws SQLException {
        final SortedMap<String, Label> labels = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT f.event FROM labeling.final_label f JOIN labeling.task t ON t.id = f.task_pk
                WHERE f.project_id = ? AND t.status = 'final' AND f.method IN ('majority_vote', 'dawid_skene')
                """)) {
            statement.setString(1, projectId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    final Label label = Json.MAPPER.readValue(row.getString(1), Label.class);
                    labels.put(label.taskId(), label);
                }
            }
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A stored label of project " + projectId + " is not valid", e);
        }
        return labels;
    }
}
