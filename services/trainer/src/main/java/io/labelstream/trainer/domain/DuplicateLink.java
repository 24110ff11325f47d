package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An item that repeats a canonical item, from {@code items.duplicates}. */
@Entity
@Table(name = "duplicate")
public class DuplicateLink extends PanacheEntityBase {

    @Id
    @Column(name = "item_id")
    public String itemId;

    @Column(name = "canonical_item_id")
    public String canonicalItemId;

    public String project;

    public String match;
}
