package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registered model: what it was trained on and with, how it did, where its artifact is, and its status. */
@Entity
@Table(name = "model_version")
public class ModelVersion extends PanacheEntityBase {

    /** Registered, never champion. */
    public static final String CANDIDATE = "candidate";
    public static final String CHAMPION = "champion";
    /** Was champion until a better one was promoted. */
    public static final String RETIRED = "retired";
    /** Was champion until an operator rolled it back; never comes back by rollback. */
    public static final String ROLLED_BACK = "rolled_back";

    @Id
    public String id;

    public String project;

    public int number;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "dataset_version")
    public String datasetVersion;

    public String architecture;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<String> labels;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> hyperparameters;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "search_trials", columnDefinition = "jsonb")
    public List<Map<String, Object>> searchTrials;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Double> metrics;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> evaluation;

    public double temperature;

    @Column(name = "code_version")
    public String codeVersion;

    @Column(name = "artifact_sha256")
    public String artifactSha256;

    @Column(name = "artifact_uri")
    public String artifactUri;

    public String status;

    /** The promotion check's verdict at registration, as {@code models} published it; null before it ran. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "promotion_check", columnDefinition = "jsonb")
    public Map<String, Object> promotionCheck;

    @Column(name = "promotion_reason")
    public String promotionReason;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<ModelVersion> championOf(final String project) {
        return find("project = ?1 and status = ?2", project, CHAMPION).firstResultOptional();
    }

    public static int nextNumber(final String project) {
        final Integer max = getEntityManager()
                .createQuery("select max(m.number) from ModelVersion m where m.project = ?1", Integer.class)
                .setParameter(1, project)
                .getSingleResult();
        return max == null ? 1 : max + 1;
    }
}
