package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The latest label of one item of a project, from {@code labels}. */
@Entity
@Table(name = "label")
@IdClass(StoredLabel.Key.class)
public class StoredLabel extends PanacheEntityBase {

    @Id
    public String project;

    @Id
    @Column(name = "item_id")
    public String itemId;

    @Column(name = "label_id")
    public String labelId;

    public String label;

    public String source;

    public double confidence;

    @Column(name = "model_version")
    public String modelVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> lineage;

    @Column(name = "labeled_at")
    public Instant labeledAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    public record Key(String project, String itemId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
