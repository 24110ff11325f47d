package io.labelstream.labeling.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.labeling.domain.ProjectRecord;
import io.labelstream.labeling.domain.ProjectValidator;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.Project;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Creates and changes projects; every change that alters a project is published to {@code projects} once. */
@ApplicationScoped
public class ProjectService {

    static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final OutboxWriter outbox;
    private final Project.ConsensusPolicy defaultConsensus;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Project project, long loadedAt) {
    }

    ProjectService(final OutboxWriter outbox, final LabelingConfig config) {
        this.outbox = outbox;
        this.defaultConsensus = ConsensusPolicies.defaults(config.consensus());
    }

    public record Saved(Project project, boolean created, boolean changed) {
    }

    @Transactional
    public Saved create(final JsonNode body) {
        final String id = body != null && body.hasNonNull("id") ? body.get("id").asText() : null;
        final Project project = validated(null, body, 1);
        if (ProjectRecord.findById(id, LockModeType.PESSIMISTIC_WRITE) != null) {
            throw Refusal.conflict("project-exists", "Project " + id + " already exists; PUT changes it");
        }
        return insert(project);
    }

    /** Creates or replaces; sending the same definition again changes nothing and publishes nothing. */
    @Transactional
    public Saved put(final String id, final JsonNode body) {
        final ProjectRecord existing = ProjectRecord.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (existing == null) {
            return insert(validated(id, body, 1));
        }
        final Project current = existing.project();
        final Project candidate = validated(id, body, current.revision());
        if (withoutVersionStamp(candidate).equals(withoutVersionStamp(current))) {
            return new Saved(current, false, false);
        }
        final Project next = stamped(candidate, current.revision() + 1);
        existing.store(next);
        outbox.append(Topics.PROJECTS, id, next);
        cache.remove(id);
        return new Saved(next, false, true);
    }

    /**
     * The project, read through a short-lived cache: every next-task and answer needs it, and a change made on
     * another instance of the service is seen here within {@link #CACHE_FOR}.
     */
    public Project require(final String id) {
        final Cached cached = cache.get(id);
        if (cached != null && cached.loadedAt() > System.nanoTime() - CACHE_FOR.toNanos()) {
            return cached.project();
        }
        final ProjectRecord record = ProjectRecord.findById(id);
        if (record == null) {
            throw Refusal.notFound("Project " + id);
        }
        final Project project = record.project();
        cache.put(id, new Cached(project, System.nanoTime()));
        return project;
    }

    public List<Project> all() {
        return ProjectRecord.<ProjectRecord>listAll().stream()
                .map(ProjectRecord::project)
                .sorted(Comparator.comparing(Project::id))
                .toList();
    }

    private Saved insert(final Project project) {
        final ProjectRecord record = new ProjectRecord();
        record.id = project.id();
        record.createdAt = project.updatedAt();
        record.store(project);
        record.persist();
        outbox.append(Topics.PROJECTS, project.id(), project);
        return new Saved(project, true, true);
    }

    /** A valid definition; one without a consensus policy gets the service's, so the published project names it. */
    private Project validated(final String pathId, final JsonNode body, final long revision) {
        final ProjectValidator.Result result = ProjectValidator.validate(pathId, body, revision, now());
        if (!result.valid()) {
            throw Refusal.invalid("The project definition is not valid", result.errors());
        }
        final Project project = result.project();
        return project.consensus() == null ? project.withConsensus(defaultConsensus) : project;
    }

    private static Project stamped(final Project project, final long revision) {
        return project.stamped(revision, now());
    }

    private static Project withoutVersionStamp(final Project project) {
        return project.stamped(0, Instant.EPOCH);
    }

    /** Microseconds, because that is what PostgreSQL keeps; a re-read project then equals the one written. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
