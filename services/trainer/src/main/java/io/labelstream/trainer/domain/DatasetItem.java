package io.labelstream.trainer.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One line of a dataset version's manifest, with lineage to the label record it came from. */
@Entity
@Table(name = "dataset_item")
@IdClass(DatasetItem.Key.class)
public class DatasetItem extends PanacheEntityBase {

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Id
    @Column(name = "item_id")
    public String itemId;

    @Column(name = "canonical_item_id")
    public String canonicalItemId;

    public String label;

    public String source;

    @Column(name = "label_id")
    public String labelId;

    @Column(name = "content_sha256")
    public String contentSha256;

    public String split;

    public record Key(String datasetId, String itemId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
