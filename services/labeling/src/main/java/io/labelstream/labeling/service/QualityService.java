package io.labelstream.labeling.service;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.labeling.domain.consensus.Answer;
import io.labelstream.labeling.domain.consensus.KrippendorffAlpha;
import io.labelstream.labeling.security.Caller;
import io.labelstream.schemas.events.Project;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labeler quality: accuracy on gold, agreement with the final labels, the Dawid-Skene estimate, and the project's
 * inter-annotator agreement (Krippendorff's alpha). A labeler whose gold accuracy falls below the bar, after
 * enough gold answers, is suspended in the project: no more work there, and their answers on items that are not
 * final yet stop counting (those items ask other labelers instead).
 */
@ApplicationScoped
public class QualityService {

    private final AgroalDataSource dataSource;
    private final LabelingConfig config;

    QualityService(final AgroalDataSource dataSource, final LabelingConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public record LabelerQuality(String username, String pseudonym, int answers, int goldAnswers, Double goldAccuracy,
            int answersOnFinalItems, Double agreementWithConsensus, Double estimatedAccuracy, int skipped,
            boolean suspended) {
    }

    public record ProjectQuality(String project, Double krippendorffAlpha, Map<String, Integer> tasksByStatus,
            int finalLabels, List<LabelerQuality> labelers) {
    }

    /** What labelers see of their own quality: nothing that tells which items were gold. */
    public record OwnQuality(String project, int answers, int answersOnFinalItems, Double agreementWithConsensus,
            boolean suspended) {
    }

    /** Runs in the answer's transaction, after a gold answer was recorded. */
    void gradeGold(final Connection connection, final Project project, final long accountId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE a.label = t.gold_label)
                FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                WHERE a.account_id = ? AND a.project_id = ? AND t.lane = ? AND a.status = 'submitted'
                """)) {
            statement.setLong(1, accountId);
            statement.setString(2, project.id());
            statement.setInt(3, Lane.GOLD.code());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                final int answered = row.getInt(1);
                final double accuracy = answered == 0 ? 1 : row.getInt(2) / (double) answered;
                if (answered >= config.quality().minGoldAnswers() && accuracy < config.quality().minGoldAccuracy()) {
                    suspend(connection, project.id(), accountId, String.format(
                            "gold accuracy %.2f over %d gold items is below %.2f", accuracy, answered,
                            config.quality().minGoldAccuracy()));
                }
            }
        }
    }

    private static void suspend(final Connection connection, final String projectId, final long accountId,
            final String reason) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO labeling.suspension (project_id, account_id, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, projectId);
            insert.setLong(2, accountId);
            insert.setString(3, reason);
            if (insert.executeUpdate() == 0) {
                return;
            }
        }
        final List<Long> tasks = new ArrayList<>();
        try (PreparedStatement open = connection.prepareStatement("""
                SELECT DISTINCT a.task_pk FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                WHERE a.account_id = ? AND a.project_id = ? AND t.status = 'open' AND t.lane <> ?
                  AND (a.counted OR a.status = 'leased')
                ORDER BY a.task_pk
                """)) {
            open.setLong(1, accountId);
            open.setString(2, projectId);
            open.setInt(3, Lane.GOLD.code());
            try (ResultSet row = open.executeQuery()) {
                while (row.next()) {
                    tasks.add(row.getLong(1));
                }
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        final Array ids = connection.createArrayOf("bigint", tasks.toArray());
        // tasks first, in id order, like every other writer, so that this cannot deadlock with answers
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT id FROM labeling.task WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
            lock.setArray(1, ids);
            lock.executeQuery().close();
        }
        try (PreparedStatement uncount = connection.prepareStatement("""
                WITH dropped AS (
                    UPDATE labeling.assignment SET counted = false,
                        status = CASE WHEN status = 'leased' THEN 'expired' ELSE status END
                    WHERE account_id = ? AND task_pk = ANY (?) AND (counted OR status = 'leased')
                    RETURNING task_pk, counted, status
                )
                UPDATE labeling.task t
                SET answered = t.answered - (SELECT count(*) FROM dropped d WHERE d.task_pk = t.id AND d.status = 'submitted'),
                    leased = t.leased - (SELECT count(*) FROM dropped d WHERE d.task_pk = t.id AND d.status = 'expired')
                WHERE t.id = ANY (?)
                """)) {
            uncount.setLong(1, accountId);
            uncount.setArray(2, ids);
            uncount.setArray(3, ids);
            uncount.executeUpdate();
        }
    }

    @Transactional
    public void lift(final String projectId, final String username) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM labeling.suspension s USING labeling.account a
                WHERE s.account_id = a.id AND s.project_id = ? AND a.username = ?
                """)) {
            delete.setString(1, projectId);
            delete.setString(2, username);
            if (delete.executeUpdate() == 0) {
                throw Refusal.notFound("A suspension of " + username + " in project " + projectId);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot lift a suspension", e);
        }
    }

    public ProjectQuality report(final Project project) {
        try (Connection connection = dataSource.getConnection()) {
            final List<LabelerQuality> labelers = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT acc.username, acc.pseudonym,
                        count(*) FILTER (WHERE a.status = 'submitted' AND t.lane <> 2) AS answers,
                        count(*) FILTER (WHERE a.status = 'submitted' AND t.lane = 2) AS gold,
                        count(*) FILTER (WHERE a.status = 'submitted' AND t.lane = 2 AND a.label = t.gold_label) AS gold_right,
                        count(f.id) FILTER (WHERE a.status = 'submitted' AND t.lane <> 2) AS on_final,
                        count(f.id) FILTER (WHERE a.status = 'submitted' AND t.lane <> 2 AND a.label = f.label) AS agreeing,
                        count(*) FILTER (WHERE a.status = 'skipped') AS skipped,
                        max(m.accuracy) AS estimated,
                        bool_or(s.account_id IS NOT NULL) AS suspended
                    FROM labeling.assignment a
                    JOIN labeling.task t ON t.id = a.task_pk
                    JOIN labeling.account acc ON acc.id = a.account_id
                    LEFT JOIN labeling.final_label f ON f.task_pk = t.id
                    LEFT JOIN labeling.labeler_model m ON m.project_id = a.project_id AND m.account_id = a.account_id
                    LEFT JOIN labeling.suspension s ON s.project_id = a.project_id AND s.account_id = a.account_id
                    WHERE a.project_id = ?
                    GROUP BY acc.username, acc.pseudonym
                    ORDER BY acc.username
                    """)) {
                statement.setString(1, project.id());
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        // null without a Dawid-Skene fit of the project: majority vote estimates no accuracy
                        final Double estimated = row.getObject("estimated", Double.class);
                        labelers.add(new LabelerQuality(row.getString(1), row.getString(2), row.getInt("answers"),
                                row.getInt("gold"), ratio(row.getInt("gold_right"), row.getInt("gold")),
                                row.getInt("on_final"), ratio(row.getInt("agreeing"), row.getInt("on_final")),
                                estimated, row.getInt("skipped"), row.getBoolean("suspended")));
                    }
                }
            }
            final Map<String, Integer> byStatus = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT status, count(*) FROM labeling.task WHERE project_id = ? AND lane <> 2 GROUP BY status ORDER BY status")) {
                statement.setString(1, project.id());
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        byStatus.put(row.getString(1), row.getInt(2));
                    }
                }
            }
            final double alpha = KrippendorffAlpha.nominal(project.labelNames().size(), countedAnswers(connection, project));
            return new ProjectQuality(project.id(), Double.isNaN(alpha) ? null : alpha, byStatus,
                    finalLabels(connection, project.id()), labelers);
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot report quality of project " + project.id(), e);
        }
    }

    public OwnQuality own(final Caller caller, final Project project) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE a.status = 'submitted' AND t.lane <> 2),
                    count(f.id) FILTER (WHERE a.status = 'submitted' AND t.lane <> 2),
                    count(f.id) FILTER (WHERE a.status = 'submitted' AND t.lane <> 2 AND a.label = f.label),
                    EXISTS (SELECT 1 FROM labeling.suspension s WHERE s.project_id = ? AND s.account_id = ?)
                FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                LEFT JOIN labeling.final_label f ON f.task_pk = t.id
                WHERE a.project_id = ? AND a.account_id = ?
                """)) {
            statement.setString(1, project.id());
            statement.setLong(2, caller.accountId());
            statement.setString(3, project.id());
            statement.setLong(4, caller.accountId());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new OwnQuality(project.id(), row.getInt(1), row.getInt(2), ratio(row.getInt(3), row.getInt(2)),
                        row.getBoolean(4));
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot report a labeler's quality", e);
        }
    }

    private static List<Answer> countedAnswers(final Connection connection, final Project project) throws SQLException {
        final List<String> labels = project.labelNames();
        final List<Answer> answers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT a.task_pk, a.account_id, a.label FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                WHERE a.project_id = ? AND a.counted AND t.lane <> 2
                """)) {
            statement.setString(1, project.id());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    final int label = labels.indexOf(row.getString(3));
                    if (label >= 0) {
                        answers.add(new Answer(Long.toString(row.getLong(1)), Long.toString(row.getLong(2)), label));
                    }
                }
            }
        }
        return answers;
    }

    private static int finalLabels(final Connection connection, final String projectId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM labeling.final_label WHERE project_id = ? AND method <> 'gold'")) {
            statement.setString(1, projectId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static Double ratio(final int part, final int whole) {
        return whole == 0 ? null : part / (double) whole;
    }
}
