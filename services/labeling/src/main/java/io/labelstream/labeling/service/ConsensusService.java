package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.labeling.domain.consensus.AdaptiveRedundancy;
import io.labelstream.labeling.domain.consensus.Answer;
import io.labelstream.labeling.domain.consensus.Consensus;
import io.labelstream.labeling.domain.consensus.DawidSkene;
import io.labelstream.labeling.domain.consensus.MajorityVote;
import io.labelstream.labeling.rest.ProblemException;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides items. After every answer that completes the answers an item asked for, its consensus is computed:
 * Dawid-Skene with the project's latest fit (each labeler weighted by their confusion matrix), or majority vote
 * until the project has enough answers for a fit. The adaptive-redundancy rule then finalises the item, asks one
 * more labeler, or leaves a tie unresolved. A final label is written with its outbox row in the same transaction.
 *
 * <p>The fit itself ({@link #refit}) runs periodically over all counted answers of a project, gold answers held
 * at their known values.
 */
@ApplicationScoped
public class ConsensusService {

    static final String DAWID_SKENE = "dawid-skene";
    private static final TypeReference<double[][]> MATRIX = new TypeReference<>() {
    };

    private final AgroalDataSource dataSource;
    private final LabelingConfig config;

    ConsensusService(final AgroalDataSource dataSource, final LabelingConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    private record CountedAnswer(long accountId, String pseudonym, String label, Instant submittedAt) {
    }

    /** Runs inside the answer's transaction, with the task row locked. */
    void evaluate(final Connection connection, final Project project, final long taskPk) throws SQLException {
        final TaskRow task = TaskRow.lock(connection, taskPk);
        if (!"open".equals(task.status()) || task.answered() < task.wanted()) {
            return;
        }
        final List<String> labels = project.labelNames();
        final List<CountedAnswer> counted = countedAnswers(connection, taskPk);
        final List<Answer> answers = counted.stream()
                .map(a -> new Answer(task.itemId(), Long.toString(a.accountId()), labels.indexOf(a.label())))
                .toList();
        final Optional<DawidSkene.Model> model = DAWID_SKENE.equals(config.consensus().method())
                ? model(connection, project, counted)
                : Optional.empty();
        final Consensus consensus = model.map(m -> m.posterior(answers))
                .orElseGet(() -> MajorityVote.of(labels.size(), answers));
        final Project.Redundancy redundancy = project.redundancy();
        final AdaptiveRedundancy.Decision decision = new AdaptiveRedundancy(redundancy.minLabelers(),
                redundancy.maxLabelers(), redundancy.agreementTarget()).decide(consensus, answers.size());
        switch (decision.outcome()) {
            case FINAL -> finalise(connection, project, task, labels.get(decision.label()), decision.confidence(),
                    model.isPresent() ? Label.Method.dawid_skene : Label.Method.majority_vote, counted);
            case ASK_ONE_MORE -> update(connection,
                    "UPDATE labeling.task SET wanted = LEAST(?, GREATEST(wanted, answered + 1)) WHERE id = ?",
                    redundancy.maxLabelers(), taskPk);
            case UNRESOLVED -> setStatus(connection, taskPk, "unresolved");
            case WAIT_FOR_ANSWERS -> {
                // the answers the item asked for are not all in
            }
        }
    }

    /**
     * An admin's decision on an item the labelers could not settle (a tie at the maximum) or flagged. The answers
     * given so far travel with the label as its annotations.
     */
    @Transactional
    public Label adjudicate(final Project project, final String taskId, final String label) {
        if (label == null || !project.labelNames().contains(label)) {
            throw ProblemException.invalid("The label is not one of the project's labels",
                    List.of("label: one of " + project.labelNames()));
        }
        try (Connection connection = dataSource.getConnection()) {
            final long taskPk;
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT id FROM labeling.task WHERE task_id = ? AND project_id = ?")) {
                find.setString(1, taskId);
                find.setString(2, project.id());
                try (ResultSet row = find.executeQuery()) {
                    if (!row.next()) {
                        throw ProblemException.notFound("Task " + taskId + " in project " + project.id());
                    }
                    taskPk = row.getLong(1);
                }
            }
            final TaskRow task = TaskRow.lock(connection, taskPk);
            if (!"unresolved".equals(task.status()) && !"flagged".equals(task.status())) {
                throw ProblemException.conflict("not-undecided", "Task " + taskId + " is " + task.status()
                        + "; only unresolved or flagged items are decided by an admin");
            }
            return finalise(connection, project, task, label, 1.0, Label.Method.adjudicated,
                    countedAnswers(connection, taskPk));
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot record a decision on " + taskId, e);
        }
    }

    /** Fits Dawid-Skene to the project's counted answers; false when there are too few answers yet. */
    @Transactional
    public boolean refit(final Project project) {
        final List<String> labels = project.labelNames();
        final List<Answer> answers = new ArrayList<>();
        final Map<String, Integer> gold = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT t.task_id, t.lane, t.gold_label, a.account_id, a.label
                    FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                    WHERE a.project_id = ? AND a.counted
                      AND NOT EXISTS (SELECT 1 FROM labeling.suspension s
                                      WHERE s.project_id = a.project_id AND s.account_id = a.account_id)
                    """)) {
                statement.setString(1, project.id());
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        final int label = labels.indexOf(row.getString(5));
                        if (label < 0) {
                            continue;
                        }
                        answers.add(new Answer(row.getString(1), row.getString(4), label));
                        if (row.getInt(2) == Lane.GOLD.code() && labels.contains(row.getString(3))) {
                            gold.put(row.getString(1), labels.indexOf(row.getString(3)));
                        }
                    }
                }
            }
            if (answers.size() < config.consensus().minAnswersForModel()) {
                return false;
            }
            final DawidSkene.Fit fit = DawidSkene.fit(labels.size(), answers, gold);
            store(connection, project.id(), fit, answers.size());
            return true;
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot fit Dawid-Skene for project " + project.id(), e);
        }
    }

    private static void store(final Connection connection, final String projectId, final DawidSkene.Fit fit,
            final int answers) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO labeling.project_model (project_id, priors, answers, iterations, fitted_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (project_id) DO UPDATE SET priors = excluded.priors, answers = excluded.answers,
                    iterations = excluded.iterations, fitted_at = excluded.fitted_at
                """)) {
            upsert.setString(1, projectId);
            upsert.setString(2, json(fit.model().priors()));
            upsert.setInt(3, answers);
            upsert.setInt(4, fit.iterations());
            upsert.executeUpdate();
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO labeling.labeler_model (project_id, account_id, confusion, accuracy) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, account_id) DO UPDATE SET confusion = excluded.confusion,
                    accuracy = excluded.accuracy
                """)) {
            for (final Map.Entry<String, double[][]> labeler : fit.model().confusion().entrySet()) {
                upsert.setString(1, projectId);
                upsert.setLong(2, Long.parseLong(labeler.getKey()));
                upsert.setString(3, json(labeler.getValue()));
                upsert.setDouble(4, fit.model().accuracyOf(labeler.getKey()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private Optional<DawidSkene.Model> model(final Connection connection, final Project project,
            final List<CountedAnswer> counted) throws SQLException {
        final double[] priors;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT priors FROM labeling.project_model WHERE project_id = ?")) {
            statement.setString(1, project.id());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                priors = Json.MAPPER.readValue(row.getString(1), double[].class);
            }
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored priors are not valid", e);
        }
        if (priors.length != project.labelNames().size()) {
            // the label set changed since the fit; majority vote until the next fit
            return Optional.empty();
        }
        final Map<String, double[][]> confusion = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account_id, confusion FROM labeling.labeler_model WHERE project_id = ? AND account_id = ANY (?)")) {
            statement.setString(1, project.id());
            statement.setArray(2, connection.createArrayOf("bigint",
                    counted.stream().map(CountedAnswer::accountId).toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    confusion.put(Long.toString(row.getLong(1)), Json.MAPPER.readValue(row.getString(2), MATRIX));
                }
            }
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored confusion matrices are not valid", e);
        }
        return Optional.of(new DawidSkene.Model(priors, confusion));
    }

    private static Label finalise(final Connection connection, final Project project, final TaskRow task,
            final String label, final double confidence, final Label.Method method, final List<CountedAnswer> counted)
            throws SQLException {
        final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        final Label event = new Label(Label.VERSION, "human-" + task.taskId(), task.itemId(), project.id(), label,
                Label.Source.human, method, Math.min(1.0, confidence), null, task.taskId(),
                counted.stream().map(a -> new Label.Annotation(a.pseudonym(), a.label(), a.submittedAt())).toList(),
                lineage(task.lineage()), now);
        FinalLabels.store(connection, task.taskId(), event);
        OutboxWriter.append(connection, Topics.LABELS, task.itemId(), event);
        setStatus(connection, task.id(), "final");
        return event;
    }

    private static List<CountedAnswer> countedAnswers(final Connection connection, final long taskPk)
            throws SQLException {
        final List<CountedAnswer> answers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT a.account_id, acc.pseudonym, a.label, a.submitted_at
                FROM labeling.assignment a JOIN labeling.account acc ON acc.id = a.account_id
                WHERE a.task_pk = ? AND a.counted ORDER BY a.submitted_at, a.id
                """)) {
            statement.setLong(1, taskPk);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    answers.add(new CountedAnswer(row.getLong(1), row.getString(2), row.getString(3),
                            row.getTimestamp(4).toInstant()));
                }
            }
        }
        return answers;
    }

    private static RawRef lineage(final String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, RawRef.class);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored lineage is not valid", e);
        }
    }

    private static void setStatus(final Connection connection, final long taskPk, final String status)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE labeling.task SET status = ? WHERE id = ?")) {
            statement.setString(1, status);
            statement.setLong(2, taskPk);
            statement.executeUpdate();
        }
    }

    private static void update(final Connection connection, final String sql, final int first, final long second)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, first);
            statement.setLong(2, second);
            statement.executeUpdate();
        }
    }

    private static String json(final Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
