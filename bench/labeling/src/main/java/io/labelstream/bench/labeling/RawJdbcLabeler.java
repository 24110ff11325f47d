package io.labelstream.bench.labeling;

import io.labelstream.labeling.service.AssignmentSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;

/**
 * The ceiling: one labeler's next + answer as bare JDBC, with the service's own statements ({@link AssignmentSql})
 * and the same transaction boundaries (one for the claim, one for the answer with its label and outbox rows), but
 * no HTTP, authentication, JSON or framework in between. Connections come from a pool as large as the service's.
 */
final class RawJdbcLabeler {

    private static final long LEASE_MILLIS = 3_600_000;

    private final BlockingQueue<Connection> pool;
    private final String project;

    RawJdbcLabeler(final BlockingQueue<Connection> pool, final String project) {
        this.pool = pool;
        this.project = project;
    }

    /** Claims a task for the account; returns the assignment and task, or null when the queue is empty. */
    long[] claimOrNull(final long accountId, final UUID assignment) throws SQLException, InterruptedException {
        final Connection connection = pool.take();
        try {
            try (PreparedStatement serialise = connection.prepareStatement(AssignmentSql.SERIALISE_LABELER)) {
                serialise.setLong(1, accountId);
                serialise.setString(2, project);
                serialise.setLong(3, accountId);
                serialise.executeQuery().close();
            }
            try (PreparedStatement held = connection.prepareStatement(AssignmentSql.HELD)) {
                held.setLong(1, accountId);
                held.setString(2, project);
                held.executeQuery().close();
            }
            final long taskPk;
            try (PreparedStatement claim = connection.prepareStatement(AssignmentSql.CLAIM)) {
                claim.setString(1, project);
                claim.setInt(2, 0);
                claim.setLong(3, accountId);
                claim.setObject(4, assignment);
                claim.setString(5, project);
                claim.setLong(6, accountId);
                claim.setLong(7, LEASE_MILLIS);
                try (ResultSet row = claim.executeQuery()) {
                    if (!row.next()) {
                        connection.commit();
                        return null;
                    }
                    taskPk = row.getLong(1);
                }
            }
            try (PreparedStatement content = connection.prepareStatement(
                    "SELECT kind, text_content, image_png FROM labeling.task WHERE id = ?")) {
                content.setLong(1, taskPk);
                content.executeQuery().close();
            }
            connection.commit();
            return new long[] {taskPk};
        } catch (final SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            pool.put(connection);
        }
    }

    void answer(final long accountId, final UUID assignment, final long taskPk, final String label)
            throws SQLException, InterruptedException {
        final String submissionId = UUID.randomUUID().toString();
        final Connection connection = pool.take();
        try {
            try (PreparedStatement earlier = connection.prepareStatement(
                    "SELECT id, label FROM labeling.assignment WHERE account_id = ? AND submission_id = ?")) {
                earlier.setLong(1, accountId);
                earlier.setString(2, submissionId);
                earlier.executeQuery().close();
            }
            readAssignment(connection, assignment, accountId);
            String taskId;
            try (PreparedStatement lock = connection.prepareStatement(AssignmentSql.LOCK_TASK)) {
                lock.setLong(1, taskPk);
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    taskId = row.getString("task_id");
                }
            }
            readAssignment(connection, assignment, accountId);
            try (PreparedStatement record = connection.prepareStatement(AssignmentSql.RECORD_ANSWER)) {
                record.setString(1, submissionId);
                record.setString(2, label);
                record.setObject(3, assignment);
                record.executeUpdate();
            }
            try (PreparedStatement count = connection.prepareStatement(AssignmentSql.COUNT_ANSWER)) {
                count.setInt(1, 1);
                count.setLong(2, taskPk);
                count.executeQuery().close();
            }
            final String event = "{\"schemaVersion\":1,\"labelId\":\"human-" + taskId + "\",\"label\":\"" + label + "\"}";
            try (PreparedStatement finalLabel = connection.prepareStatement("""
                    INSERT INTO labeling.final_label (label_id, task_pk, project_id, item_id, label, method, confidence,
                        event, labeled_at)
                    SELECT ?, id, project_id, item_id, ?, 'majority_vote', 1.0, ?, now() FROM labeling.task WHERE id = ?
                    """)) {
                finalLabel.setString(1, "human-" + taskId);
                finalLabel.setString(2, label);
                finalLabel.setString(3, event);
                finalLabel.setLong(4, taskPk);
                finalLabel.executeUpdate();
            }
            try (PreparedStatement outbox = connection.prepareStatement(
                    "INSERT INTO labeling.outbox (topic, record_key, payload, published_at) VALUES (?, ?, ?, now())")) {
                // marked published: the ceiling measures the database work, the relay is not part of it
                outbox.setString(1, "labels");
                outbox.setString(2, taskId);
                outbox.setString(3, event);
                outbox.executeUpdate();
            }
            try (PreparedStatement status = connection.prepareStatement(
                    "UPDATE labeling.task SET status = 'final' WHERE id = ?")) {
                status.setLong(1, taskPk);
                status.executeUpdate();
            }
            connection.commit();
        } catch (final SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            pool.put(connection);
        }
    }

    private static void readAssignment(final Connection connection, final UUID assignment, final long accountId)
            throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(AssignmentSql.ASSIGNMENT)) {
            read.setObject(1, assignment);
            read.setLong(2, accountId);
            read.executeQuery().close();
        }
    }
}
