package io.labelstream.labeling.service;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.labeling.security.Caller;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out work and takes answers. A labeler holds at most one lease per project; asking again returns the same
 * lease until it is answered, skipped or expired. What a labeler sees of a task is its content only: no task id,
 * no reason, no prediction, no other answers, so gold items look like any other.
 */
@ApplicationScoped
public class AssignmentService {

    public static final Set<String> FLAGS = Set.of("irrelevant", "unclear", "offensive");
    private static final int MAX_SUBMISSION_ID = 200;

    private final AgroalDataSource dataSource;
    private final ProjectService projects;
    private final ConsensusService consensus;
    private final QualityService quality;
    private final LabelingConfig config;

    AssignmentService(final AgroalDataSource dataSource, final ProjectService projects,
            final ConsensusService consensus, final QualityService quality, final LabelingConfig config) {
        this.dataSource = dataSource;
        this.projects = projects;
        this.consensus = consensus;
        this.quality = quality;
        this.config = config;
    }

    /**
     * What a labeler sees of a task. The task id is there for platforms that track their items; nothing tells a gold
     * item from another (gold task ids have the same shape).
     */
    public record AssignmentView(UUID assignmentId, String taskId, String project, ItemKind kind, String text,
            String imagePng, Instant leasedAt, Instant expiresAt) {
    }

    public record Receipt(UUID assignmentId, String project, String submissionId, String label, String status) {
    }

    @Transactional
    public Optional<AssignmentView> next(final Caller caller, final String projectId) {
        final Project project = projects.require(projectId);
        try (Connection connection = dataSource.getConnection()) {
            serialiseUnlessSuspended(connection, projectId, caller);
            final Optional<AssignmentView> held = held(connection, caller, projectId);
            if (held.isPresent()) {
                return held;
            }
            for (final Lane lane : lanesInOrder(project)) {
                final Optional<AssignmentView> claimed =
                        claim(connection, AssignmentSql.CLAIM, caller, projectId, lane.code());
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
            return Optional.empty();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot hand out a task", e);
        }
    }

    @Transactional
    public Receipt submit(final Caller caller, final UUID assignmentId, final String submissionId, final String label) {
        if (submissionId == null || submissionId.isBlank() || submissionId.length() > MAX_SUBMISSION_ID) {
            throw Refusal.invalid("The submission is not valid",
                    List.of("submissionId: required, 1 to " + MAX_SUBMISSION_ID + " characters, unique per answer"));
        }
        try (Connection connection = dataSource.getConnection()) {
            final Optional<Receipt> earlier = bySubmissionId(connection, caller, submissionId);
            if (earlier.isPresent()) {
                if (!earlier.get().assignmentId().equals(assignmentId)) {
                    throw Refusal.conflict("submission-id-reused",
                            "Submission id " + submissionId + " was already used for another assignment");
                }
                return earlier.get();
            }
            final AssignmentRow first = assignment(connection, assignmentId, caller);
            final Project project = projects.require(first.projectId());
            if (label == null || !project.labelNames().contains(label)) {
                throw Refusal.invalid("The label is not one of the project's labels",
                        List.of("label: one of " + project.labelNames()));
            }
            final TaskRow task = TaskRow.lock(connection, first.taskPk());
            final AssignmentRow current = assignment(connection, assignmentId, caller);
            switch (current.status()) {
                case "submitted" -> {
                    if (submissionId.equals(current.submissionId())) {
                        return new Receipt(assignmentId, current.projectId(), submissionId, current.label(),
                                "accepted");
                    }
                    throw Refusal.conflict("already-answered",
                            "This assignment was already answered with another submission id");
                }
                case "skipped" -> throw Refusal.conflict("assignment-skipped",
                        "This assignment was skipped; it cannot be answered any more");
                default -> {
                    // leased or expired: handled below
                }
            }
            final boolean holdsSlot = "leased".equals(current.status());
            if (!(holdsSlot && current.live())) {
                final int freeSlots = task.wanted() - task.answered() - task.leased() + (holdsSlot ? 1 : 0);
                if (!"open".equals(task.status()) || freeSlots <= 0) {
                    throw Refusal.conflict("lease-expired", "Your lease on this item expired at "
                            + current.expiresAt() + " and the item was given to other labelers or no longer needs "
                            + "answers; your answer was not recorded. Ask for the next task.");
                }
            }
            if (current.suspendedBecause() != null) {
                throw suspended(current.projectId(), current.suspendedBecause());
            }
            try (PreparedStatement record = connection.prepareStatement(AssignmentSql.RECORD_ANSWER)) {
                record.setString(1, submissionId);
                record.setString(2, label);
                record.setObject(3, assignmentId);
                record.executeUpdate();
            }
            final TaskRow counted;
            try (PreparedStatement count = connection.prepareStatement(AssignmentSql.COUNT_ANSWER)) {
                count.setInt(1, holdsSlot ? 1 : 0);
                count.setLong(2, task.id());
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    counted = task.afterAnswer(row.getInt("answered"), row.getInt("leased"));
                }
            }
            if (task.lane() == Lane.GOLD.code()) {
                quality.gradeGold(connection, project, caller.accountId());
            } else {
                consensus.evaluate(connection, project, counted);
            }
            return new Receipt(assignmentId, current.projectId(), submissionId, label, "accepted");
        } catch (final SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw Refusal.conflict("submission-id-reused",
                        "Submission id " + submissionId + " was already used for another assignment");
            }
            throw new IllegalStateException("Cannot record an answer", e);
        }
    }

    /** Gives the item back without an answer; with a flag, enough flags take the item out of the queue. */
    @Transactional
    public void skip(final Caller caller, final UUID assignmentId, final String flag, final String comment) {
        if (flag != null && !FLAGS.contains(flag)) {
            throw Refusal.invalid("The flag is not known", List.of("flag: one of " + FLAGS + " or none"));
        }
        try (Connection connection = dataSource.getConnection()) {
            final AssignmentRow first = assignment(connection, assignmentId, caller);
            final TaskRow task = TaskRow.lock(connection, first.taskPk());
            final AssignmentRow current = assignment(connection, assignmentId, caller);
            if ("skipped".equals(current.status())) {
                return;
            }
            if ("submitted".equals(current.status())) {
                throw Refusal.conflict("already-answered", "This assignment was answered; it cannot be skipped");
            }
            try (PreparedStatement skip = connection.prepareStatement("""
                    UPDATE labeling.assignment SET status = 'skipped', skip_reason = ?, comment = ?, submitted_at = now()
                    WHERE id = ?
                    """)) {
                skip.setString(1, flag == null ? "skip" : flag);
                skip.setString(2, comment);
                skip.setObject(3, assignmentId);
                skip.executeUpdate();
            }
            final boolean parks = flag != null && task.lane() != Lane.GOLD.code()
                    && task.flags() + 1 >= config.assignment().flagsToPark();
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE labeling.task SET leased = leased - ?, flags = flags + ?,
                        status = CASE WHEN ? AND status = 'open' THEN 'flagged' ELSE status END
                    WHERE id = ?
                    """)) {
                update.setInt(1, "leased".equals(current.status()) ? 1 : 0);
                update.setInt(2, flag == null ? 0 : 1);
                update.setBoolean(3, parks);
                update.setLong(4, task.id());
                update.executeUpdate();
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot skip an assignment", e);
        }
    }

    /**
     * Leases the given task to the caller under the queue's rules (open, a free slot, never held by them), whatever
     * its place in the queue; the lease the caller already holds on it is returned again.
     */
    @Transactional
    public AssignmentView claimTask(final Caller caller, final String projectId, final String taskId) {
        projects.require(projectId);
        try (Connection connection = dataSource.getConnection()) {
            refuseSuspended(connection, projectId, caller);
            final Optional<AssignmentView> claimed =
                    claim(connection, AssignmentSql.CLAIM_GIVEN, caller, projectId, taskId);
            if (claimed.isPresent()) {
                return claimed.get();
            }
            return heldOrRefused(connection, caller, projectId, taskId);
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot lease task " + taskId, e);
        }
    }

    /** Why a given task could not be leased, unless the caller holds it already. */
    private static AssignmentView heldOrRefused(final Connection connection, final Caller caller,
            final String projectId, final String taskId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT t.id, t.status, a.id, a.status, a.leased_at, a.expires_at, a.expires_at > now()
                FROM labeling.task t
                LEFT JOIN labeling.assignment a ON a.task_pk = t.id AND a.account_id = ?
                WHERE t.task_id = ? AND t.project_id = ?
                """)) {
            statement.setLong(1, caller.accountId());
            statement.setString(2, taskId);
            statement.setString(3, projectId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw Refusal.notFound("Task " + taskId + " in project " + projectId);
                }
                final String held = row.getString(4);
                if ("leased".equals(held) && row.getBoolean(7)) {
                    return content(connection, row.getObject(3, UUID.class), row.getLong(1), projectId,
                            row.getTimestamp(5).toInstant(), row.getTimestamp(6).toInstant());
                }
                if (held != null) {
                    throw Refusal.conflict("task-already-held", "You already " + ("submitted".equals(held)
                            ? "answered" : "skipped or let the lease expire on") + " task " + taskId
                            + "; nobody gets the same item twice");
                }
                throw Refusal.conflict("task-not-available", "Task " + taskId + " is " + row.getString(2)
                        + " and has no free slot for another labeler");
            }
        }
    }

    public AssignmentView view(final Caller caller, final UUID assignmentId) {
        try (Connection connection = dataSource.getConnection()) {
            final AssignmentRow row = assignment(connection, assignmentId, caller);
            return content(connection, assignmentId, row.taskPk(), row.projectId(), null, row.expiresAt());
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot read an assignment", e);
        }
    }

    private List<Lane> lanesInOrder(final Project project) {
        final double draw = ThreadLocalRandom.current().nextDouble();
        if (draw < project.goldRate()) {
            return List.of(Lane.GOLD, Lane.REGULAR, Lane.QA_SAMPLE);
        }
        if (draw < project.goldRate() + project.routing().qaSampleRate()) {
            return List.of(Lane.QA_SAMPLE, Lane.REGULAR);
        }
        return List.of(Lane.REGULAR, Lane.QA_SAMPLE);
    }

    /** Runs {@link AssignmentSql#CLAIM} for a lane's code, or {@link AssignmentSql#CLAIM_GIVEN} for a task id. */
    private Optional<AssignmentView> claim(final Connection connection, final String sql, final Caller caller,
            final String projectId, final Object laneOrTask) throws SQLException {
        final UUID id = UUID.randomUUID();
        try (PreparedStatement claim = connection.prepareStatement(sql)) {
            claim.setString(1, projectId);
            claim.setObject(2, laneOrTask);
            claim.setLong(3, caller.accountId());
            claim.setObject(4, id);
            claim.setString(5, projectId);
            claim.setLong(6, caller.accountId());
            claim.setLong(7, config.assignment().lease().toMillis());
            try (ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(content(connection, id, row.getLong(1), projectId,
                        row.getTimestamp(2).toInstant(), row.getTimestamp(3).toInstant()));
            }
        }
    }

    private Optional<AssignmentView> held(final Connection connection, final Caller caller, final String projectId)
            throws SQLException {
        try (PreparedStatement held = connection.prepareStatement(AssignmentSql.HELD)) {
            held.setLong(1, caller.accountId());
            held.setString(2, projectId);
            try (ResultSet row = held.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(content(connection, row.getObject(1, UUID.class), row.getLong(2), projectId,
                        row.getTimestamp(3).toInstant(), row.getTimestamp(4).toInstant()));
            }
        }
    }

    private static AssignmentView content(final Connection connection, final UUID id, final long taskPk,
            final String projectId, final Instant leasedAt, final Instant expiresAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT task_id, kind, text_content, image_png FROM labeling.task WHERE id = ?")) {
            statement.setLong(1, taskPk);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new AssignmentView(id, row.getString(1), projectId, ItemKind.valueOf(row.getString(2)),
                        row.getString(3), row.getString(4), leasedAt, expiresAt);
            }
        }
    }

    private record AssignmentRow(UUID id, long taskPk, String projectId, String status, String submissionId,
            String label, boolean live, Instant expiresAt, String suspendedBecause) {
    }

    /** The caller's own assignment; someone else's is "not found", so ids cannot be probed. */
    private static AssignmentRow assignment(final Connection connection, final UUID id, final Caller caller)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AssignmentSql.ASSIGNMENT)) {
            statement.setObject(1, id);
            statement.setLong(2, caller.accountId());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw Refusal.notFound("Assignment " + id);
                }
                return new AssignmentRow(row.getObject(1, UUID.class), row.getLong(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), row.getBoolean(7),
                        row.getTimestamp(8).toInstant(), row.getString(9));
            }
        }
    }

    private static Optional<Receipt> bySubmissionId(final Connection connection, final Caller caller,
            final String submissionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, project_id, label FROM labeling.assignment WHERE account_id = ? AND submission_id = ?")) {
            statement.setLong(1, caller.accountId());
            statement.setString(2, submissionId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Receipt(row.getObject(1, UUID.class), row.getString(2), submissionId,
                                row.getString(3), "accepted"))
                        : Optional.empty();
            }
        }
    }

    /** Queues this labeler's concurrent next-task calls behind each other; refuses one suspended in the project. */
    private static void serialiseUnlessSuspended(final Connection connection, final String projectId,
            final Caller caller) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AssignmentSql.SERIALISE_LABELER)) {
            statement.setLong(1, caller.accountId());
            statement.setString(2, projectId);
            statement.setLong(3, caller.accountId());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getString(2) != null) {
                    throw suspended(projectId, row.getString(2));
                }
            }
        }
    }

    private static void refuseSuspended(final Connection connection, final String projectId, final Caller caller)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT reason FROM labeling.suspension WHERE project_id = ? AND account_id = ?")) {
            statement.setString(1, projectId);
            statement.setLong(2, caller.accountId());
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    throw suspended(projectId, row.getString(1));
                }
            }
        }
    }

    private static Refusal suspended(final String projectId, final String reason) {
        return Refusal.forbidden("suspended", "Suspended in this project", "You are suspended in project "
                + projectId + ": " + reason + ". An admin can lift the suspension.");
    }
}
