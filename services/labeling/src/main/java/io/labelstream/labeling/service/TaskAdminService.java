package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.labelstream.cleaning.CleaningLimitsConfig;
import io.labelstream.cleaning.ImageNormalizer;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.rest.ProblemException;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What admins (and services) do with items directly: queue one by hand, add gold, review the hard cases. */
@ApplicationScoped
public class TaskAdminService {

    private static final Set<String> STATUSES = Set.of("open", "final", "unresolved", "flagged", "auto_labeled");
    private static final int MAX_LIMIT = 1000;

    private final TaskIntakeService intake;
    private final AgroalDataSource dataSource;
    private final ImageNormalizer images;

    TaskAdminService(final TaskIntakeService intake, final AgroalDataSource dataSource, final LabelingConfig config) {
        this.intake = intake;
        this.dataSource = dataSource;
        this.images = new ImageNormalizer(CleaningLimitsConfig.imageLimits(config.tasks()));
    }

    public record NewItem(String itemId, String text, String imagePng, Double priority) {
    }

    public record NewGold(String itemId, String text, String imagePng, String answer) {
    }

    public record Queued(String taskId, String itemId, boolean created) {
    }

    public record AnswerDetail(String labeler, String status, String label, String flag, String comment) {
    }

    public record TaskDetail(String taskId, String itemId, String reason, boolean gold, String goldLabel,
            String status, double priority, int wanted, int answered, int leased, int flags, JsonNode prediction,
            List<AnswerDetail> answers) {
    }

    public Queued add(final Project project, final NewItem item) {
        if (item == null) {
            throw ProblemException.invalid("The item is not valid", List.of("body: required"));
        }
        final LabelingTask task = task(project, item.itemId(), item.text(), normalizedImage(project, item.imagePng()),
                item.priority() == null ? 1.0 : item.priority(), "");
        final TaskIntakeService.Intake result = intake.accept(List.of(task));
        if (!result.refused().isEmpty()) {
            throw ProblemException.invalid("The item is not valid", result.refused());
        }
        return new Queued(task.taskId(), task.itemId(), result.created() == 1);
    }

    public Queued addGold(final Project project, final NewGold gold) {
        if (gold == null) {
            throw ProblemException.invalid("The gold item is not valid", List.of("body: required"));
        }
        if (gold.answer() == null || !project.labelNames().contains(gold.answer())) {
            throw ProblemException.invalid("The gold item is not valid",
                    List.of("answer: one of " + project.labelNames()));
        }
        final LabelingTask task = task(project, gold.itemId(), gold.text(), normalizedImage(project, gold.imagePng()),
                0, "gold:");
        final Optional<String> problem = TaskIntakeService.problemOf(task, Optional.of(project));
        if (problem.isPresent()) {
            throw ProblemException.invalid("The gold item is not valid", List.of(problem.get()));
        }
        return new Queued(task.taskId(), task.itemId(), intake.addGold(project, task, gold.answer()));
    }

    public List<TaskDetail> list(final Project project, final String status, final int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("Unknown status", List.of("status: one of " + STATUSES));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("Limit out of range", List.of("limit: 1 to " + MAX_LIMIT));
        }
        final List<TaskDetail> tasks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement("""
                SELECT id, task_id, item_id, reason, lane, gold_label, status, priority, wanted, answered, leased, flags,
                    prediction
                FROM labeling.task WHERE project_id = ? AND (CAST(? AS text) IS NULL OR status = ?)
                ORDER BY id DESC LIMIT ?
                """)) {
            statement.setString(1, project.id());
            statement.setString(2, status);
            statement.setString(3, status);
            statement.setInt(4, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    tasks.add(new TaskDetail(row.getString("task_id"), row.getString("item_id"),
                            row.getString("reason"), row.getInt("lane") == 2, row.getString("gold_label"),
                            row.getString("status"), row.getDouble("priority"), row.getInt("wanted"),
                            row.getInt("answered"), row.getInt("leased"), row.getInt("flags"),
                            json(row.getString("prediction")), answers(connection, row.getLong("id"))));
                }
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot list tasks", e);
        }
        return tasks;
    }

    private static List<AnswerDetail> answers(final Connection connection, final long taskPk) throws SQLException {
        final List<AnswerDetail> answers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT acc.username, a.status, a.label, a.skip_reason, a.comment
                FROM labeling.assignment a JOIN labeling.account acc ON acc.id = a.account_id
                WHERE a.task_pk = ? ORDER BY a.leased_at
                """)) {
            statement.setLong(1, taskPk);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    answers.add(new AnswerDetail(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5)));
                }
            }
        }
        return answers;
    }

    /**
     * An image an admin queues is decoded and converted to the project's size and channels as ingest does with
     * items from the stream, so that labelers see the same kind of picture, and what is no image (an SVG, markup, a
     * declared canvas beyond the limits) is refused with ingest's reason code instead of reaching them broken.
     */
    private String normalizedImage(final Project project, final String imagePng) {
        if (imagePng == null || imagePng.isBlank() || project.kind() != ItemKind.image) {
            return imagePng;
        }
        try {
            return Base64.getEncoder().encodeToString(images.normalize(imagePng, project.image()).png());
        } catch (final ItemRejectedException e) {
            throw ProblemException.invalid("The item is not valid",
                    List.of("imagePng: " + e.reason() + ": " + e.getMessage()));
        }
    }

    private static LabelingTask task(final Project project, final String itemId, final String text,
            final String imagePng, final double priority, final String taskPrefix) {
        final String id = itemId != null && !itemId.isBlank() ? itemId : contentId(text, imagePng);
        if (id.length() > 200) {
            throw ProblemException.invalid("The item is not valid", List.of("itemId: at most 200 characters"));
        }
        return new LabelingTask(LabelingTask.VERSION, project.id() + ":" + taskPrefix + id, id, project.id(),
                project.kind(), LabelingTask.Reason.manual, priority, text, imagePng, null, null,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static String contentId(final String text, final String imagePng) {
        final String content = text != null ? text : imagePng != null ? imagePng : "";
        try {
            final byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static JsonNode json(final String value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored prediction is not valid", e);
        }
    }
}
