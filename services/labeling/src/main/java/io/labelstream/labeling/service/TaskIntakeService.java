package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.labeling.domain.ProjectRecord;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns labeling tasks into queue rows. The task id is the identity: a replayed or duplicated task is recognised
 * by it and creates nothing. Tasks for unknown projects or of the wrong kind are refused with a reason.
 */
@ApplicationScoped
public class TaskIntakeService {

    /** Gold items are answered by every labeler once, so their queue slot never fills. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private static final String INSERT = """
            INSERT INTO labeling.task (task_id, project_id, item_id, kind, reason, lane, priority, text_content,
                image_png, prediction, lineage, gold_label, wanted, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (task_id) DO NOTHING
            """;

    private final AgroalDataSource dataSource;

    TaskIntakeService(final AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The tasks created, how many were known already (a replay), and the refused ones with their reasons. */
    public record Intake(Set<String> createdTaskIds, int alreadyKnown, List<String> refused) {

        public int created() {
            return createdTaskIds.size();
        }
    }

    @Transactional
    public Intake accept(final List<LabelingTask> tasks) {
        final Map<String, Optional<Project>> projects = new HashMap<>();
        final List<String> refused = new ArrayList<>();
        final Set<String> created = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (final LabelingTask task : tasks) {
                final Optional<Project> project = projects.computeIfAbsent(task.project(),
                        id -> Optional.ofNullable(ProjectRecord.<ProjectRecord>findById(id)).map(ProjectRecord::project));
                final Optional<String> problem = problemOf(task, project);
                if (problem.isPresent()) {
                    refused.add(task.taskId() + ": " + problem.get());
                    continue;
                }
                bind(insert, task, Lane.of(task.reason()), project.get().redundancy().minLabelers(), null);
                if (insert.executeUpdate() == 1) {
                    created.add(task.taskId());
                }
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot store labeling tasks", e);
        }
        return new Intake(created, tasks.size() - created.size() - refused.size(), refused);
    }

    /** Adds a gold item: a task with a known answer, plus that answer as a final label (method gold). */
    @Transactional
    public boolean addGold(final Project project, final LabelingTask task, final String answer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, task, Lane.GOLD, UNLIMITED, answer);
            if (insert.executeUpdate() == 0) {
                refuseRegular(connection, task);
                return false;
            }
            final Label label = new Label(Label.VERSION, "gold-" + task.taskId(), task.itemId(), project.id(), answer,
                    Label.Source.human, Label.Method.gold, 1.0, null, task.taskId(), List.of(), task.lineage(),
                    task.createdAt());
            FinalLabels.store(connection, task.taskId(), label);
            OutboxWriter.append(connection, Topics.LABELS, task.itemId(), label);
            return true;
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot store a gold item", e);
        }
    }

    /** A gold item sent again is fine; an id that a regular item has already is not. */
    private static void refuseRegular(final Connection connection, final LabelingTask task) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT lane FROM labeling.task WHERE task_id = ?")) {
            statement.setString(1, task.taskId());
            try (ResultSet row = statement.executeQuery()) {
                if (row.next() && row.getInt(1) != Lane.GOLD.code()) {
                    throw Refusal.conflict("item-queued", "Item " + task.itemId()
                            + " is queued as an item to label; a gold item needs an id of its own");
                }
            }
        }
    }

    public static Optional<String> problemOf(final LabelingTask task, final Optional<Project> project) {
        if (task.taskId() == null || task.taskId().isBlank() || task.itemId() == null || task.itemId().isBlank()) {
            return Optional.of("taskId and itemId are required");
        }
        if (project.isEmpty()) {
            return Optional.of("project '" + task.project() + "' does not exist");
        }
        if (task.kind() != project.get().kind()) {
            return Optional.of("kind " + task.kind() + " does not fit the " + project.get().kind() + " project");
        }
        if (task.kind() == ItemKind.text && (task.text() == null || task.text().isBlank())) {
            return Optional.of("a text task needs its text");
        }
        if (task.kind() == ItemKind.image && (task.imagePng() == null || task.imagePng().isBlank())) {
            return Optional.of("an image task needs its imagePng");
        }
        if (task.reason() == null) {
            return Optional.of("reason is required");
        }
        return Optional.empty();
    }

    private static void bind(final PreparedStatement insert, final LabelingTask task, final Lane lane,
            final int wanted, final String goldLabel) throws SQLException {
        insert.setString(1, task.taskId());
        insert.setString(2, task.project());
        insert.setString(3, task.itemId());
        insert.setString(4, task.kind().name());
        insert.setString(5, lane == Lane.GOLD ? "gold" : task.reason().name());
        insert.setInt(6, lane.code());
        insert.setDouble(7, task.priority());
        insert.setString(8, task.text());
        insert.setString(9, task.imagePng());
        insert.setString(10, json(task.prediction()));
        insert.setString(11, json(task.lineage()));
        if (goldLabel == null) {
            insert.setNull(12, Types.VARCHAR);
        } else {
            insert.setString(12, goldLabel);
        }
        insert.setInt(13, wanted);
        insert.setTimestamp(14, Timestamp.from(task.createdAt() != null ? task.createdAt() : Instant.now()));
    }

    static String json(final Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
