package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change of a project's champion, kept forever: the audit trail and the path rollback walks back along. */
@Entity
@Table(name = "champion_change")
public class ChampionChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String project;

    @Column(name = "model_version")
    public String modelVersion;

    public String action;

    public String reason;

    @Column(name = "changed_at")
    public Instant changedAt;
}
