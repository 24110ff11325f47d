package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.labelstream.cleaning.CleaningLimitsConfig;
import io.labelstream.cleaning.ImageNormalizer;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What admins (and services) do with items directly: queue one by hand, add gold, review the hard cases. */
@ApplicationScoped
public class TaskAdminService {

    private static final Set<String> STATUSES = Set.of("open", "final", "unresolved", "flagged", "auto_labeled");
    private static final int MAX_LIMIT = 1000;
    private static final Map<String, Lane> LANES = Map.of("regular", Lane.REGULAR, "qa_sample", Lane.QA_SAMPLE,
            "gold", Lane.GOLD);

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

    public record TaskDetail(String taskId, String itemId, String reason, String lane, boolean gold,
            String goldLabel, String status, double priority, int wanted, int answered, int leased, int flags,
            JsonNode prediction, Instant updatedAt, List<AnswerDetail> answers) {
    }

    /** What to list: filters (each optional), a page size and the cursor of the previous page. */
    public record TaskQuery(String status, String lane, Instant updatedSince, int limit, String cursor) {
    }

    /** A page of tasks and the cursor of the next page, null on the last page. */
    public record TaskPage(List<TaskDetail> tasks, String nextCursor) {
    }

    public Queued add(final Project project, final NewItem item) {
        if (item == null) {
            throw Refusal.invalid("The item is not valid", List.of("body: required"));
        }
        final LabelingTask task = task(project, item.itemId(), item.text(), normalizedImage(project, item.imagePng()),
                item.priority() == null ? 1.0 : item.priority(), "");
        final TaskIntakeService.Intake result = intake.accept(List.of(task));
        if (!result.refused().isEmpty()) {
            throw Refusal.invalid("The item is not valid", result.refused());
        }
        return new Queued(task.taskId(), task.itemId(), result.created() == 1);
    }

    /** What became of one item of a bulk queuing: {@code created}, {@code exists} (queued before) or refused. */
    public record QueueOutcome(String itemId, String taskId, String status, List<String> errors) {
    }

    /** Queues many items in one transaction, each checked as {@link #add} checks one. */
    public List<QueueOutcome> addAll(final Project project, final List<NewItem> items) {
        final List<LabelingTask> valid = new ArrayList<>();
        final List<QueueOutcome> outcomes = new ArrayList<>(items.size());
        for (final NewItem item : items) {
            try {
                final LabelingTask task = task(project, item.itemId(), item.text(),
                        normalizedImage(project, item.imagePng()), item.priority() == null ? 1.0 : item.priority(), "");
                final Optional<String> problem = TaskIntakeService.problemOf(task, Optional.of(project));
                if (problem.isPresent()) {
                    outcomes.add(new QueueOutcome(item.itemId(), null, "refused", List.of(problem.get())));
                } else {
                    valid.add(task);
                    outcomes.add(null);
                }
            } catch (final Refusal e) {
                outcomes.add(new QueueOutcome(item.itemId(), null, "refused", e.errors()));
            }
        }
        final Set<String> created = intake.accept(valid).createdTaskIds();
        int next = 0;
        for (int k = 0; k < outcomes.size(); k++) {
            if (outcomes.get(k) == null) {
                final LabelingTask task = valid.get(next++);
                outcomes.set(k, new QueueOutcome(task.itemId(), task.taskId(),
                        created.contains(task.taskId()) ? "created" : "exists", List.of()));
            }
        }
        return outcomes;
    }

    public Queued addGold(final Project project, final NewGold gold) {
        if (gold == null) {
            throw Refusal.invalid("The gold item is not valid", List.of("body: required"));
        }
        if (gold.answer() == null || !project.labelNames().contains(gold.answer())) {
            throw Refusal.invalid("The gold item is not valid",
                    List.of("answer: one of " + project.labelNames()));
        }
        // the same shape of task id as any other item: labelers see task ids, and gold must not stand out
        final LabelingTask task = task(project, gold.itemId(), gold.text(), normalizedImage(project, gold.imagePng()),
                0, "");
        final Optional<String> problem = TaskIntakeService.problemOf(task, Optional.of(project));
        if (problem.isPresent()) {
            throw Refusal.invalid("The gold item is not valid", List.of(problem.get()));
        }
        return new Queued(task.taskId(), task.itemId(), intake.addGold(project, task, gold.answer()));
    }

    /**
     * One page of a project's tasks, newest first; with {@code updatedSince}, those changed since then, oldest
     * change first, so an integrator can sync by paging to the end and keeping the last change's time.
     */
    public TaskPage page(final Project project, final TaskQuery query) {
        final List<String> errors = new ArrayList<>();
        if (query.status() != null && !STATUSES.contains(query.status())) {
            errors.add("status: one of " + STATUSES);
        }
        final Lane lane = query.lane() == null ? null : LANES.get(query.lane());
        if (query.lane() != null && lane == null) {
            errors.add("lane: one of " + LANES.keySet());
        }
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            errors.add("limit: 1 to " + MAX_LIMIT);
        }
        final TaskCursor after = query.cursor() == null ? null : TaskCursor.parse(query.cursor(), errors);
        if (after != null && (after.updatedAt() != null) != (query.updatedSince() != null)) {
            errors.add("cursor: belongs to a listing " + (after.updatedAt() != null ? "with" : "without")
                    + " updatedSince; page on with the same filters");
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid("The task listing's parameters are not valid", errors);
        }
        final boolean byChange = query.updatedSince() != null;
        final StringBuilder sql = new StringBuilder("""
                SELECT id, task_id, item_id, reason, lane, gold_label, status, priority, wanted, answered, leased, flags,
                    prediction, updated_at
                FROM labeling.task WHERE project_id = ?""");
        final List<Object> parameters = new ArrayList<>(List.of(project.id()));
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status());
        }
        if (lane != null) {
            sql.append(" AND lane = ?");
            parameters.add(lane.code());
        }
        if (byChange) {
            sql.append(" AND updated_at >= ?");
            parameters.add(Timestamp.from(query.updatedSince()));
        }
        if (after != null && byChange) {
            sql.append(" AND (updated_at, id) > (?, ?)");
            parameters.add(Timestamp.from(after.updatedAt()));
            parameters.add(after.id());
        } else if (after != null) {
            sql.append(" AND id < ?");
            parameters.add(after.id());
        }
        sql.append(byChange ? " ORDER BY updated_at, id" : " ORDER BY id DESC").append(" LIMIT ?");
        parameters.add(query.limit() + 1);
        final List<TaskDetail> tasks = new ArrayList<>();
        TaskCursor last = null;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int k = 0; k < parameters.size(); k++) {
                statement.setObject(k + 1, parameters.get(k));
            }
            try (ResultSet row = statement.executeQuery()) {
                boolean more = false;
                while (row.next()) {
                    if (tasks.size() == query.limit()) {
                        more = true;
                        break;
                    }
                    final Instant updatedAt = row.getTimestamp("updated_at").toInstant();
                    tasks.add(new TaskDetail(row.getString("task_id"), row.getString("item_id"),
                            row.getString("reason"), laneName(row.getInt("lane")), row.getInt("lane") == Lane.GOLD.code(),
                            row.getString("gold_label"), row.getString("status"), row.getDouble("priority"),
                            row.getInt("wanted"), row.getInt("answered"), row.getInt("leased"), row.getInt("flags"),
                            json(row.getString("prediction")), updatedAt, answers(connection, row.getLong("id"))));
                    last = new TaskCursor(row.getLong("id"), byChange ? updatedAt : null);
                }
                return new TaskPage(tasks, more ? last.encode() : null);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot list tasks", e);
        }
    }

    private static String laneName(final int code) {
        return LANES.entrySet().stream().filter(e -> e.getValue().code() == code).findFirst().orElseThrow().getKey();
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
            throw Refusal.invalid("The item is not valid",
                    List.of("imagePng: " + e.reason() + ": " + e.getMessage()));
        }
    }

    private static LabelingTask task(final Project project, final String itemId, final String text,
            final String imagePng, final double priority, final String taskPrefix) {
        final String id = itemId != null && !itemId.isBlank() ? itemId : contentId(text, imagePng);
        if (id.length() > 200) {
            throw Refusal.invalid("The item is not valid", List.of("itemId: at most 200 characters"));
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
