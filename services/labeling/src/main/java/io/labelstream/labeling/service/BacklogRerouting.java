package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.Lane;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Routes again the work that was queued before its project had a model. Items that arrive while a project has no
 * champion all go to humans ({@code cold_start}); once inference has a champion, the open ones that no labeler holds
 * and nobody answered are sent to inference's {@code POST /api/v1/route} and take the route the current policy gives
 * them: a confident prediction closes the task as {@code auto_labeled} and publishes the auto-label, an uncertain one
 * stays with humans ranked by its uncertainty, a QA-sample item stays in the sample's lane. The prediction is
 * published either way, so the item's human label later counts towards live accuracy.
 *
 * <p>When a champion much better than the one it replaced arrives (by {@code minGain} or more in its promotion check,
 * on the same test split), the open items that an older model was unsure of are routed again the same way, once the
 * answer comes from the new champion: until inference has loaded it, they are left as they are.
 *
 * <p>Exactly once: a batch's rows are locked ({@code FOR UPDATE SKIP LOCKED}, so labelers claiming work pass over
 * them) while inference answers, and the rows' new route, the predictions and the labels for the outbox commit in
 * one transaction. A rerouted task is no longer {@code cold_start}, so it is never taken again; a task that a
 * labeler held or answered keeps its route and its answers. Items inference cannot read go to humans first, as the
 * stream does with them.
 */
@ApplicationScoped
public class BacklogRerouting {

    private static final Logger LOG = Logger.getLogger(BacklogRerouting.class);
    private static final double UNREADABLE_PRIORITY = 1.0;

    private static final String PROJECTS = """
            SELECT DISTINCT project_id FROM labeling.task
            WHERE reason = 'cold_start' AND status = 'open' AND answered = 0 AND leased = 0
            """;
    /** Parameters: project, versions whose uncertain items go again, batch. */
    private static final String TAKE = """
            SELECT t.id, t.task_id, t.item_id, t.kind, t.text_content, t.image_png, t.lineage, t.reason
            FROM labeling.task t
            WHERE t.project_id = ? AND t.status = 'open' AND t.answered = 0 AND t.leased = 0
              AND (t.reason = 'cold_start'
                   OR t.reason = 'uncertain' AND CAST(t.prediction AS jsonb) ->> 'modelVersion' = ANY (?))
            ORDER BY t.id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;
    private static final String REQUEUE = """
            UPDATE labeling.task SET reason = ?, lane = ?, priority = ?, prediction = ? WHERE id = ?
            """;
    private static final String CLOSE = """
            UPDATE labeling.task SET status = 'auto_labeled', prediction = ? WHERE id = ?
            """;

    private final AgroalDataSource dataSource;
    private final Optional<URI> inference;
    private final int batch;
    private final Duration timeout;
    private final HttpClient http;

    BacklogRerouting(final AgroalDataSource dataSource, final LabelingConfig config) {
        this.dataSource = dataSource;
        this.inference = config.operations().inferenceUrl();
        this.batch = config.reroute().batch();
        this.timeout = config.reroute().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** How a batch went: tasks closed by an auto-label, and tasks kept with humans under another route. */
    public record Outcome(int autoLabeled, int requeued) {

        static final Outcome NOTHING = new Outcome(0, 0);

        public int rerouted() {
            return autoLabeled + requeued;
        }

        /** Whether the batch was full, so that more may wait. */
        public boolean full(final int batch) {
            return rerouted() == batch;
        }
    }

    /** How inference would route one item now; the shape of its {@code POST /api/v1/route} answer. */
    public record Routed(String itemId, Prediction prediction, Label label, LabelingTask task) {
    }

    /**
     * The model versions whose uncertain items the project's champion should route again: all others, when the
     * champion beat the one it replaced by {@code minGain} or more on the same test split; none otherwise.
     */
    public static Set<String> supersededVersions(final TrainingBoard.Snapshot board, final double minGain) {
        if (board.champion() == null) {
            return Set.of();
        }
        return board.models().stream()
                .filter(model -> model.version().equals(board.champion()))
                .map(TrainingBoard.ModelEntry::promotion)
                .filter(promotion -> promotion != null && promotion.promoted() && promotion.check() != null
                        && promotion.check().score() != null && promotion.check().championScore() != null
                        && promotion.check().score() - promotion.check().championScore() >= minGain)
                .findFirst()
                .map(promotion -> board.models().stream().map(TrainingBoard.ModelEntry::version)
                        .filter(version -> !version.equals(board.champion()))
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** Projects with open cold-start tasks that nobody holds or answered. */
    public List<String> projectsWithBacklog() {
        final List<String> projects = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(PROJECTS);
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                projects.add(row.getString(1));
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot find projects with a cold-start backlog", e);
        }
        return projects;
    }

    /** Whether there is an inference service to ask. */
    public boolean enabled() {
        return inference.isPresent();
    }

    /** One batch of the project's cold-start backlog, in one transaction; a full batch means there may be more. */
    public Outcome rerouteBatch(final String project) {
        return rerouteBatch(project, null, Set.of());
    }

    /**
     * One batch of the project's backlog: its cold-start items, and the uncertain items of the {@code superseded}
     * versions, which only an answer from {@code champion} routes again.
     */
    @Transactional
    public Outcome rerouteBatch(final String project, final String champion, final Set<String> superseded) {
        try (Connection connection = dataSource.getConnection()) {
            final Map<String, Long> taskPks = new LinkedHashMap<>();
            final Set<String> uncertain = new HashSet<>();
            final List<Map<String, Object>> items = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setString(1, project);
                take.setArray(2, connection.createArrayOf("text", superseded.toArray()));
                take.setInt(3, batch);
                try (ResultSet row = take.executeQuery()) {
                    while (row.next()) {
                        taskPks.put(row.getString("item_id"), row.getLong("id"));
                        if (LabelingTask.Reason.uncertain.name().equals(row.getString("reason"))) {
                            uncertain.add(row.getString("item_id"));
                        }
                        items.add(item(project, row));
                    }
                }
            }
            if (items.isEmpty()) {
                return Outcome.NOTHING;
            }
            final Optional<List<Routed>> answer = route(items);
            if (answer.isEmpty()) {
                return Outcome.NOTHING;
            }
            int autoLabeled = 0;
            int left = 0;
            for (final Routed routed : answer.get()) {
                final Long taskPk = taskPks.remove(routed.itemId());
                if (taskPk == null) {
                    continue;
                }
                if (uncertain.contains(routed.itemId()) && (routed.prediction() == null
                        || !routed.prediction().modelVersion().equals(champion))) {
                    // inference still answers with the model this item was routed by: next time
                    left++;
                    continue;
                }
                autoLabeled += apply(connection, taskPk, routed) ? 1 : 0;
            }
            uncertain.forEach(taskPks::remove);
            for (final long unreadable : taskPks.values()) {
                requeue(connection, unreadable, LabelingTask.Reason.uncertain, UNREADABLE_PRIORITY, null);
            }
            return new Outcome(autoLabeled, items.size() - autoLabeled - left);
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot route the cold-start backlog of project " + project, e);
        }
    }

    /** Returns whether the task was closed by an auto-label. */
    private static boolean apply(final Connection connection, final long taskPk, final Routed routed)
            throws SQLException {
        if (routed.prediction() != null) {
            OutboxWriter.append(connection, Topics.PREDICTIONS, routed.itemId(), routed.prediction());
        }
        if (routed.label() != null) {
            OutboxWriter.append(connection, Topics.LABELS, routed.itemId(), routed.label());
        }
        if (routed.task() == null) {
            try (PreparedStatement close = connection.prepareStatement(CLOSE)) {
                close.setString(1, TaskIntakeService.json(routed.prediction()));
                close.setLong(2, taskPk);
                close.executeUpdate();
            }
            return true;
        }
        requeue(connection, taskPk, routed.task().reason(), routed.task().priority(), routed.prediction());
        return false;
    }

    private static void requeue(final Connection connection, final long taskPk, final LabelingTask.Reason reason,
            final double priority, final Prediction prediction) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(REQUEUE)) {
            update.setString(1, reason.name());
            update.setInt(2, Lane.of(reason).code());
            update.setDouble(3, priority);
            update.setString(4, TaskIntakeService.json(prediction));
            update.setLong(5, taskPk);
            update.executeUpdate();
        }
    }

    private static Map<String, Object> item(final String project, final ResultSet row) throws SQLException {
        final Map<String, Object> item = new LinkedHashMap<>();
        item.put("itemId", row.getString("item_id"));
        item.put("project", project);
        item.put("kind", ItemKind.valueOf(row.getString("kind")));
        item.put("text", row.getString("text_content"));
        item.put("imagePng", row.getString("image_png"));
        final String lineage = row.getString("lineage");
        if (lineage != null) {
            try {
                item.put("lineage", Json.MAPPER.readTree(lineage));
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException("task " + row.getString("task_id") + " has unreadable lineage", e);
            }
        }
        return item;
    }

    /**
     * Inference's routing of the items; empty when it has no champion for the project yet. An item it refuses (the
     * model cannot read it) is missing from the answer: a batch it refuses as a whole is asked item by item, and one
 * larger than inference takes in a request in halves.
     */
    private Optional<List<Routed>> route(final List<Map<String, Object>> items) {
        final HttpResponse<String> response = post(items);
        if (response.statusCode() == 409) {
            return Optional.empty();
        }
        if (response.statusCode() == 413 && items.size() > 1) {
            // more items than inference takes in one request: the halves, each perhaps halved again
            final int half = items.size() / 2;
            return routeEach(List.of(items.subList(0, half), items.subList(half, items.size())));
        }
        if (response.statusCode() == 422 && items.size() > 1) {
            return routeEach(items.stream().map(List::of).toList());
        }
        if (response.statusCode() == 422) {
            LOG.warnf("Inference cannot route item %s; it goes to humans first: %s", items.get(0).get("itemId"),
                    response.body());
            return Optional.of(List.of());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("inference answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return Optional.of(Json.MAPPER.readValue(response.body(), new TypeReference<List<Routed>>() { }));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("inference's routing is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private Optional<List<Routed>> routeEach(final List<List<Map<String, Object>>> parts) {
        final List<Routed> routed = new ArrayList<>();
        for (final List<Map<String, Object>> part : parts) {
            final Optional<List<Routed>> answer = route(part);
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            routed.addAll(answer.get());
        }
        return Optional.of(routed);
    }

    private HttpResponse<String> post(final List<Map<String, Object>> items) {
        final URI uri = inference.orElseThrow().resolve("/api/v1/route");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(items))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new IllegalStateException("inference is not reachable at " + uri + ": " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while routing", e);
        }
    }

}
