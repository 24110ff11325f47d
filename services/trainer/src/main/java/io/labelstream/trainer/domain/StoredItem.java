package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The content of one clean item, the trainer's copy from {@code items.clean}. */
@Entity
@Table(name = "item")
public class StoredItem extends PanacheEntityBase {

    @Id
    @Column(name = "item_id")
    public String itemId;

    public String project;

    public String kind;

    public String text;

    @Column(name = "image_png")
    public String imagePng;

    @Column(name = "content_sha256")
    public String contentSha256;

    @Column(name = "cleaned_at")
    public Instant cleanedAt;
}
