package io.labelstream.labeling.service;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.labeling.security.Account;
import io.labelstream.schemas.events.Project;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports answers collected elsewhere (an external crowd platform, an earlier tool) into the same consensus as
 * answers given here: each becomes a counted answer of an account per external worker, in the order given, and an
 * item whose answers are complete is decided exactly as if its labelers had answered one by one. Idempotent by the
 * integrator's answer id.
 */
@ApplicationScoped
public class AnswerImportService {

    /** Marks the usernames of imported workers; no login name can contain it. */
    static final String WORKER_PREFIX = "worker:";

    private final AgroalDataSource dataSource;
    private final ConsensusService consensus;
    private final QualityService quality;
    /** A valid hash of a secret nobody knows, so imported workers cannot log in, computed once. */
    private final String unusablePasswordHash;

    AnswerImportService(final AgroalDataSource dataSource, final ConsensusService consensus,
            final QualityService quality) {
        this.dataSource = dataSource;
        this.consensus = consensus;
        this.quality = quality;
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.unusablePasswordHash = BcryptUtil.bcryptHash(HexFormat.of().formatHex(secret));
    }

    /** One answer to import, already checked for shape and label. */
    public record ImportedAnswer(String answerId, String worker, String taskId, String itemId, String label,
            Instant answeredAt) {
    }

    /** What became of one answer: {@code accepted}, {@code duplicate} (its id was imported before) or refused. */
    public record Outcome(String answerId, String status, String error) {

        static Outcome accepted(final String answerId) {
            return new Outcome(answerId, "accepted", null);
        }

        static Outcome refused(final String answerId, final String error) {
            return new Outcome(answerId, "refused", error);
        }
    }

    /**
     * Imports a batch in one transaction; imports into one project are serialised, so two integrators sending the
     * same answer id cannot both record it.
     */
    @Transactional
    public List<Outcome> importBatch(final Project project, final List<ImportedAnswer> answers) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(2, hashtext(?))")) {
                lock.setString(1, project.id());
                lock.execute();
            }
            final Map<String, Long> workers = new HashMap<>();
            final List<Outcome> outcomes = new ArrayList<>(answers.size());
            for (final ImportedAnswer answer : answers) {
                outcomes.add(importOne(connection, project, answer, workers));
            }
            return outcomes;
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot import answers into project " + project.id(), e);
        }
    }

    private Outcome importOne(final Connection connection, final Project project, final ImportedAnswer answer,
            final Map<String, Long> workers) throws SQLException {
        final UUID assignmentId = UUID.randomUUID();
        if (!claimAnswerId(connection, project.id(), answer.answerId(), assignmentId)) {
            return new Outcome(answer.answerId(), "duplicate", null);
        }
        final Optional<TaskRow> locked = TaskRow.lock(connection, project.id(), answer.taskId(), answer.itemId());
        if (locked.isEmpty()) {
            return refuse(connection, project.id(), answer, answer.taskId() != null
                    ? "taskId: no task " + answer.taskId() + " in project " + project.id()
                    : "itemId: no task for item " + answer.itemId() + " in project " + project.id()
                            + "; queue the item first");
        }
        final TaskRow task = locked.get();
        Long accountId = workers.get(answer.worker());
        if (accountId == null) {
            accountId = worker(connection, answer.worker());
            workers.put(answer.worker(), accountId);
        }
        final Optional<Integer> answered = record(connection, project.id(), task.id(), accountId, assignmentId, answer);
        if (answered.isEmpty()) {
            return refuse(connection, project.id(), answer, refusal(connection, project.id(), task.id(), accountId,
                    answer.worker()));
        }
        if (task.lane() == Lane.GOLD.code()) {
            quality.gradeGold(connection, project, accountId);
        } else {
            consensus.evaluate(connection, project, task.afterAnswer(answered.get(), task.leased()));
        }
        return Outcome.accepted(answer.answerId());
    }

    /** Records the answer id for this import; false when it was imported before. */
    private static boolean claimAnswerId(final Connection connection, final String projectId, final String answerId,
            final UUID assignmentId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO labeling.imported_answer (project_id, answer_id, assignment_id) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING
                """)) {
            insert.setString(1, projectId);
            insert.setString(2, answerId);
            insert.setObject(3, assignmentId);
            return insert.executeUpdate() == 1;
        }
    }

    /** A refused answer leaves no trace, so the same answer id can be sent again once the cause is fixed. */
    private static Outcome refuse(final Connection connection, final String projectId, final ImportedAnswer answer,
            final String reason) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM labeling.imported_answer WHERE project_id = ? AND answer_id = ?")) {
            delete.setString(1, projectId);
            delete.setString(2, answer.answerId());
            delete.executeUpdate();
        }
        return Outcome.refused(answer.answerId(), reason);
    }

    /**
     * Records the answer as a counted one and counts it on its task, in one statement; empty when the worker
     * answered this task before or is suspended in the project. Returns the task's answers now.
     */
    private static Optional<Integer> record(final Connection connection, final String projectId, final long taskPk,
            final long accountId, final UUID assignmentId, final ImportedAnswer answer) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH answered AS (
                    INSERT INTO labeling.assignment (id, task_pk, project_id, account_id, status, leased_at,
                        expires_at, submission_id, label, counted, submitted_at)
                    SELECT ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, true, ?
                    WHERE NOT EXISTS (SELECT 1 FROM labeling.suspension WHERE project_id = ? AND account_id = ?)
                    ON CONFLICT (task_pk, account_id) DO NOTHING
                    RETURNING task_pk)
                UPDATE labeling.task t SET answered = t.answered + 1 FROM answered WHERE t.id = answered.task_pk
                RETURNING t.answered
                """)) {
            final Timestamp at = Timestamp.from(answer.answeredAt());
            statement.setObject(1, assignmentId);
            statement.setLong(2, taskPk);
            statement.setString(3, projectId);
            statement.setLong(4, accountId);
            statement.setTimestamp(5, at);
            statement.setTimestamp(6, at);
            // unique per worker like every submission id: the same answer id may come again in another project
            statement.setString(7, projectId + ":" + answer.answerId());
            statement.setString(8, answer.label());
            statement.setTimestamp(9, at);
            statement.setString(10, projectId);
            statement.setLong(11, accountId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
            }
        }
    }

    /** Why the worker's answer cannot count on this task. */
    private static String refusal(final Connection connection, final String projectId, final long taskPk,
            final long accountId, final String worker) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM labeling.assignment WHERE task_pk = ? AND account_id = ?),
                       EXISTS (SELECT 1 FROM labeling.suspension WHERE project_id = ? AND account_id = ?)
                """)) {
            statement.setLong(1, taskPk);
            statement.setLong(2, accountId);
            statement.setString(3, projectId);
            statement.setLong(4, accountId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    return "worker " + worker + " already answered this task; a worker answers an item once";
                }
                return "worker " + worker + " is suspended in project " + projectId;
            }
        }
    }

    /** The account of an external worker, created on first sight: a labeler that cannot log in. */
    private long worker(final Connection connection, final String worker) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO labeling.account (username, password_hash, role, pseudonym, deactivated_at)
                VALUES (?, ?, 'labeler', ?, now())
                ON CONFLICT (username) DO NOTHING
                """)) {
            upsert.setString(1, WORKER_PREFIX + worker);
            upsert.setString(2, unusablePasswordHash);
            upsert.setString(3, Account.newPseudonym());
            upsert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM labeling.account WHERE username = ?")) {
            select.setString(1, WORKER_PREFIX + worker);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
