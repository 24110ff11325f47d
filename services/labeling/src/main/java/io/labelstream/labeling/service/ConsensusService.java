package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.labeling.domain.consensus.AdaptiveRedundancy;
import io.labelstream.labeling.domain.consensus.Answer;
import io.labelstream.labeling.domain.consensus.Consensus;
import io.labelstream.labeling.domain.consensus.DawidSkene;
import io.labelstream.labeling.domain.consensus.MajorityVote;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides items, and decides them again as evidence grows.
 *
 * <p>After every answer that completes the answers an item asked for, its consensus is computed: with the
 * project's latest Dawid-Skene fit (each labeler weighted by their confusion matrix) when its policy says so and a
 * fit exists, by majority vote otherwise. The adaptive-redundancy rule then finalises the item, asks one more
 * labeler, or finds a tie; a majority-vote tie is broken by the labelers' fitted quality when that clears the
 * project's agreement target, and only then left to an admin. A final label is written with its outbox row in the
 * same transaction.
 *
 * <p>The fit ({@link #refit}) runs over all counted answers of a project, gold answers held at their known values.
 * Every refit revisits what it can change: a decided label whose winner changes, or whose confidence crosses the
 * agreement target, gets a new revision on {@code labels}; a tie left from before the fit is decided as the fit
 * would have decided it.
 * Items that stopped getting answers are closed by {@link #closeStragglers}, per the project's policy.
 */
@ApplicationScoped
public class ConsensusService {

    /** Stragglers closed per sweep and project, so one sweep never holds many task locks. */
    static final int STRAGGLER_BATCH = 100;

    private final AgroalDataSource dataSource;
    private final LabelingConfig config;

    ConsensusService(final AgroalDataSource dataSource, final LabelingConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    private record CountedAnswer(long accountId, String pseudonym, String label, Instant submittedAt) {
    }

    /** What a refit did: the answers it fitted, and the labels it revised or decided. */
    public record Refit(int answers, int revised, int tiesBroken) {
    }

    /** Runs inside the answer's transaction, with the task row locked and its counts as they are after the answer. */
    void evaluate(final Connection connection, final Project project, final TaskRow task) throws SQLException {
        final long taskPk = task.id();
        if (!"open".equals(task.status()) || task.answered() < task.wanted()) {
            return;
        }
        final List<CountedAnswer> counted = countedAnswers(connection, taskPk);
        final Project.Redundancy redundancy = project.redundancy();
        final AdaptiveRedundancy rule = new AdaptiveRedundancy(redundancy.minLabelers(), redundancy.maxLabelers(),
                redundancy.agreementTarget());
        final Judgement judgement = judge(connection, project, task, counted);
        final AdaptiveRedundancy.Decision decision = rule.decide(judgement.consensus(), counted.size());
        switch (decision.outcome()) {
            case FINAL -> finalise(connection, project, task, project.labelNames().get(decision.label()),
                    decision.confidence(), judgement.method(), counted, null);
            case ASK_ONE_MORE -> update(connection,
                    "UPDATE labeling.task SET wanted = LEAST(?, GREATEST(wanted, answered + 1)) WHERE id = ?",
                    redundancy.maxLabelers(), taskPk);
            case UNRESOLVED -> setStatus(connection, taskPk, "unresolved");
            case WAIT_FOR_ANSWERS -> {
                // the answers the item asked for are not all in
            }
        }
    }

    /** A consensus and the method that reached it. */
    private record Judgement(Consensus consensus, Label.Method method) {
    }

    /**
     * The item's consensus by the project's method; a tie under majority vote is judged again by the labelers'
     * fitted quality, which stands only when it clears the agreement target.
     */
    private Judgement judge(final Connection connection, final Project project, final TaskRow task,
            final List<CountedAnswer> counted) throws SQLException {
        final List<String> labels = project.labelNames();
        final List<Answer> answers = counted.stream()
                .map(a -> new Answer(task.itemId(), Long.toString(a.accountId()), labels.indexOf(a.label())))
                .toList();
        final List<Long> labelers = counted.stream().map(CountedAnswer::accountId).toList();
        final boolean weighted = policy(project).method() == Project.ConsensusMethod.dawid_skene;
        final Consensus votes = MajorityVote.of(labels.size(), answers);
        // the fit is read once, and only when it can matter
        final Optional<DawidSkene.Model> model = weighted || votes.isTie()
                ? LabelerModels.load(connection, project, labelers)
                : Optional.empty();
        if (weighted && model.isPresent()) {
            return new Judgement(model.get().posterior(answers), Label.Method.dawid_skene);
        }
        final Optional<Consensus> byQuality = model.filter(fitted -> votes.isTie())
                .map(fitted -> fitted.posterior(answers))
                .filter(posterior -> clearsTarget(project, posterior));
        if (byQuality.isPresent()) {
            return new Judgement(byQuality.get(), Label.Method.dawid_skene);
        }
        return new Judgement(votes, Label.Method.majority_vote);
    }

    /**
     * An admin's decision on an item the labelers could not settle (a tie at the maximum) or flagged. The answers
     * given so far travel with the label as its annotations.
     */
    @Transactional
    public Label adjudicate(final Project project, final String taskId, final String label) {
        if (label == null || !project.labelNames().contains(label)) {
            throw Refusal.invalid("The label is not one of the project's labels",
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
                        throw Refusal.notFound("Task " + taskId + " in project " + project.id());
                    }
                    taskPk = row.getLong(1);
                }
            }
            final TaskRow task = TaskRow.lock(connection, taskPk);
            if (!"unresolved".equals(task.status()) && !"flagged".equals(task.status())) {
                throw Refusal.conflict("not-undecided", "Task " + taskId + " is " + task.status()
                        + "; only unresolved or flagged items are decided by an admin");
            }
            return finalise(connection, project, task, label, 1.0, Label.Method.adjudicated,
                    countedAnswers(connection, taskPk), null);
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot record a decision on " + taskId, e);
        }
    }

    /**
     * Fits Dawid-Skene to the project's counted answers and applies the fit to what it can change; empty when the
     * project has too few answers for a fit yet.
     */
    @Transactional
    public Optional<Refit> refit(final Project project) {
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
            if (answers.size() < policy(project).minAnswersForModel()) {
                return Optional.empty();
            }
            final DawidSkene.Fit fit = DawidSkene.fit(labels.size(), answers, gold);
            LabelerModels.store(connection, project.id(), fit, answers.size());
            final int revised = policy(project).method() == Project.ConsensusMethod.dawid_skene
                    ? reviseDecided(connection, project, fit.posteriors())
                    : 0;
            return Optional.of(new Refit(answers.size(), revised, breakTies(connection, project, fit.posteriors())));
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot fit Dawid-Skene for project " + project.id(), e);
        }
    }

    /** New revisions of the decided labels whose winner the fit changes or whose confidence crosses the target. */
    private int reviseDecided(final Connection connection, final Project project,
            final Map<String, Consensus> posteriors) throws SQLException {
        final double target = project.redundancy().agreementTarget();
        int revised = 0;
        for (final Label decided : FinalLabels.revisable(connection, project.id()).values()) {
            final Consensus posterior = posteriors.get(decided.taskId());
            if (posterior == null || posterior.winner().isEmpty()) {
                continue;
            }
            final String winner = project.labelNames().get(posterior.winner().get());
            final boolean crossesTarget = (decided.confidence() >= target) != (posterior.confidence() >= target);
            if ((!winner.equals(decided.label()) || crossesTarget)
                    && revise(connection, project, decided, winner, posterior.confidence())) {
                revised++;
            }
        }
        return revised;
    }

    private boolean revise(final Connection connection, final Project project, final Label decided,
            final String winner, final double confidence) throws SQLException {
        final Optional<TaskRow> locked = TaskRow.lock(connection, project.id(), decided.taskId(), null);
        if (locked.isEmpty() || !"final".equals(locked.get().status())) {
            return false;
        }
        final TaskRow task = locked.get();
        final int revision = decided.revisionNumber() + 1;
        final Label next = new Label(Label.VERSION, "human-" + task.taskId() + "-r" + revision, task.itemId(),
                project.id(), winner, Label.Source.human, Label.Method.dawid_skene, Math.min(1.0, confidence), null,
                task.taskId(), annotations(countedAnswers(connection, task.id())), decided.lineage(), now(), revision,
                decided.labelId(), decided.belowMinLabelers());
        if (!FinalLabels.revise(connection, decided, next)) {
            return false;
        }
        OutboxWriter.append(connection, Topics.LABELS, task.itemId(), next);
        return true;
    }

    /**
     * Ties at the maximum number of labelers that the fit now decides: by its winner in a Dawid-Skene project, by a
     * winner that reaches the agreement target in a majority-vote one.
     */
    private int breakTies(final Connection connection, final Project project, final Map<String, Consensus> posteriors)
            throws SQLException {
        final Map<String, Long> ties = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT task_id, id FROM labeling.task
                WHERE project_id = ? AND status = 'unresolved' AND lane <> ? AND answered >= wanted
                """)) {
            statement.setString(1, project.id());
            statement.setInt(2, Lane.GOLD.code());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ties.put(row.getString(1), row.getLong(2));
                }
            }
        }
        // a Dawid-Skene project decides an item at its maximum by the fit's winner, whatever its confidence, as it
        // would have had the fit existed when the item tied; a majority-vote project needs the target
        final boolean weighted = policy(project).method() == Project.ConsensusMethod.dawid_skene;
        int broken = 0;
        for (final Map.Entry<String, Long> tie : ties.entrySet()) {
            final Consensus posterior = posteriors.get(tie.getKey());
            if (posterior == null || posterior.winner().isEmpty() || !weighted && !clearsTarget(project, posterior)) {
                continue;
            }
            final TaskRow task = TaskRow.lock(connection, tie.getValue());
            if ("unresolved".equals(task.status())) {
                finalise(connection, project, task, project.labelNames().get(posterior.winner().get()),
                        posterior.confidence(), Label.Method.dawid_skene, countedAnswers(connection, task.id()), null);
                broken++;
            }
        }
        return broken;
    }

    /**
     * Closes items that have some, but not all, of the answers they want and got none for the project's straggler
     * limit, and that nobody holds: decided on the answers they have, or handed to an admin, by the project's
     * policy. A tie goes to an admin either way. Returns how many were closed.
     */
    @Transactional
    public int closeStragglers(final Project project, final Instant now) {
        final Project.ConsensusPolicy policy = policy(project);
        try (Connection connection = dataSource.getConnection()) {
            final List<Long> stragglers = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT t.id FROM labeling.task t
                    WHERE t.project_id = ? AND t.status = 'open' AND t.lane <> ? AND t.answered > 0
                      AND t.answered < t.wanted AND t.leased = 0
                      AND (SELECT max(a.submitted_at) FROM labeling.assignment a WHERE a.task_pk = t.id AND a.counted)
                          < CAST(? AS timestamptz) - make_interval(mins => ?)
                    ORDER BY t.id LIMIT ? FOR UPDATE SKIP LOCKED
                    """)) {
                statement.setString(1, project.id());
                statement.setInt(2, Lane.GOLD.code());
                statement.setTimestamp(3, Timestamp.from(now));
                statement.setInt(4, policy.stragglerAfterMinutes());
                statement.setInt(5, STRAGGLER_BATCH);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        stragglers.add(row.getLong(1));
                    }
                }
            }
            for (final long taskPk : stragglers) {
                closeStraggler(connection, project, policy, TaskRow.lock(connection, taskPk));
            }
            return stragglers.size();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot close the stragglers of project " + project.id(), e);
        }
    }

    private void closeStraggler(final Connection connection, final Project project,
            final Project.ConsensusPolicy policy, final TaskRow task) throws SQLException {
        final List<CountedAnswer> counted = countedAnswers(connection, task.id());
        final Judgement judgement = judge(connection, project, task, counted);
        if (policy.stragglers() == Project.StragglerPolicy.admin || judgement.consensus().isTie()) {
            setStatus(connection, task.id(), "unresolved");
            return;
        }
        finalise(connection, project, task, project.labelNames().get(judgement.consensus().winner().get()),
                judgement.consensus().confidence(), judgement.method(), counted,
                counted.size() < project.redundancy().minLabelers() ? Boolean.TRUE : null);
    }

    private Project.ConsensusPolicy policy(final Project project) {
        return ConsensusPolicies.of(project, config.consensus());
    }

    private static boolean clearsTarget(final Project project, final Consensus consensus) {
        return consensus.winner().isPresent() && consensus.confidence() >= project.redundancy().agreementTarget();
    }

    private static Label finalise(final Connection connection, final Project project, final TaskRow task,
            final String label, final double confidence, final Label.Method method, final List<CountedAnswer> counted,
            final Boolean belowMinLabelers) throws SQLException {
        final Label event = new Label(Label.VERSION, "human-" + task.taskId(), task.itemId(), project.id(), label,
                Label.Source.human, method, Math.min(1.0, confidence), null, task.taskId(), annotations(counted),
                lineage(task.lineage()), now(), null, null, belowMinLabelers);
        FinalLabels.decide(connection, task.id(), event);
        OutboxWriter.append(connection, Topics.LABELS, task.itemId(), event);
        return event;
    }

    private static List<Label.Annotation> annotations(final List<CountedAnswer> counted) {
        return counted.stream().map(a -> new Label.Annotation(a.pseudonym(), a.label(), a.submittedAt())).toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
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
}
