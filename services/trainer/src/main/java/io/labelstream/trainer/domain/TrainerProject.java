package io.labelstream.trainer.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A project's configuration as last seen on {@code projects}. */
@Entity
@Table(name = "project")
public class TrainerProject extends PanacheEntityBase {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Id
    public String id;

    public String kind;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> definition;

    public long revision;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the earliest retrain request still waiting for the project's run to end came; null when none waits. */
    @Column(name = "retrain_pending_since")
    public Instant retrainPendingSince;

    @Column(name = "retrain_pending_reason")
    public String retrainPendingReason;

    public Project project() {
        return Json.MAPPER.convertValue(definition, Project.class);
    }

    public static void upsert(final Project project) {
        TrainerProject entity = findById(project.id());
        if (entity == null) {
            entity = new TrainerProject();
            entity.id = project.id();
        } else if (entity.revision > project.revision()) {
            return;
        }
        entity.kind = project.kind().name();
        entity.definition = Json.MAPPER.convertValue(project, MAP);
        entity.revision = project.revision();
        entity.updatedAt = project.updatedAt() != null ? project.updatedAt() : Instant.now();
        entity.persist();
    }
}
