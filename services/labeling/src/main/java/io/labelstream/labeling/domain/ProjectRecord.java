package io.labelstream.labeling.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A project as stored: its published document (the contract) and the revision it carries. */
@Entity
@Table(name = "project")
public class ProjectRecord extends PanacheEntityBase {

    @Id
    public String id;

    public long revision;

    public String definition;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public Project project() {
        try {
            return Json.MAPPER.readValue(definition, Project.class);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored project " + id + " is not a valid document", e);
        }
    }

    public void store(final Project project) {
        try {
            definition = Json.MAPPER.writeValueAsString(project);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Cannot write project " + project.id(), e);
        }
        revision = project.revision();
        updatedAt = project.updatedAt();
    }
}
