package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An immutable dataset snapshot; its members are {@link DatasetItem}s, its id derives from its content hash. */
@Entity
@Table(name = "dataset_version")
public class DatasetVersion extends PanacheEntityBase {

    @Id
    public String id;

    public String project;

    @Column(name = "content_sha256")
    public String contentSha256;

    @Column(name = "item_count")
    public int itemCount;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "class_counts", columnDefinition = "jsonb")
    public Map<String, Integer> classCounts;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "split_counts", columnDefinition = "jsonb")
    public Map<String, Integer> splitCounts;

    @Column(name = "include_model_labels")
    public boolean includeModelLabels;

    @Column(name = "created_at")
    public Instant createdAt;
}
