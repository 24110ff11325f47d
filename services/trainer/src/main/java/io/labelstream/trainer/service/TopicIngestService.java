package io.labelstream.trainer.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.trainer.domain.DuplicateLink;
import io.labelstream.trainer.domain.StoredItem;
import io.labelstream.trainer.domain.StoredLabel;
import io.labelstream.trainer.domain.TrainerProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

/**
 * Keeps the trainer's tables in step with its input topics. Every write is an idempotent upsert, so replaying a
 * batch after a crash (offsets are committed after the transaction) changes nothing.
 */
@ApplicationScoped
public class TopicIngestService {

    private static final Logger LOG = Logger.getLogger(TopicIngestService.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final JsonSerde<Project> PROJECTS = JsonSerde.of(Project.class);
    private static final JsonSerde<CleanItem> CLEAN_ITEMS = JsonSerde.of(CleanItem.class);
    private static final JsonSerde<DuplicateItem> DUPLICATES = JsonSerde.of(DuplicateItem.class);
    private static final JsonSerde<Label> LABELS = JsonSerde.of(Label.class);

    /**
     * Applies one poll's worth of records in one transaction.
     *
     * @return the projects that received a new label or new item content (which can make earlier labels usable)
     */
    @Transactional
    public Set<String> apply(final List<ConsumerRecord<String, byte[]>> records) {
        final Set<String> labeled = new HashSet<>();
        for (final ConsumerRecord<String, byte[]> record : records) {
            try {
                applyOne(record, labeled);
            } catch (final SerializationException | NullPointerException e) {
                LOG.warnf("Skipping unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return labeled;
    }

    private void applyOne(final ConsumerRecord<String, byte[]> record, final Set<String> labeled) {
        switch (record.topic()) {
            case Topics.PROJECTS -> project(record.key(), PROJECTS.deserialize(record.topic(), record.value()));
            case Topics.ITEMS_CLEAN -> {
                final CleanItem item = CLEAN_ITEMS.deserialize(record.topic(), record.value());
                cleanItem(item);
                labeled.add(item.project());
            }
            case Topics.ITEMS_DUPLICATES -> duplicate(DUPLICATES.deserialize(record.topic(), record.value()));
            case Topics.LABELS -> {
                final Label label = LABELS.deserialize(record.topic(), record.value());
                if (label(label)) {
                    labeled.add(label.project());
                }
            }
            default -> throw new IllegalArgumentException("not an input topic: " + record.topic());
        }
    }

    private void project(final String id, final Project project) {
        if (project == null) {
            TrainerProject.deleteById(id);
        } else {
            TrainerProject.upsert(project);
        }
    }

    private void cleanItem(final CleanItem item) {
        StoredItem stored = StoredItem.findById(item.itemId());
        if (stored == null) {
            stored = new StoredItem();
            stored.itemId = item.itemId();
        }
        stored.project = item.project();
        stored.kind = item.kind().name();
        stored.text = item.text();
        stored.imagePng = item.imagePng();
        stored.contentSha256 = item.fingerprints() != null && item.fingerprints().contentSha256() != null
                ? item.fingerprints().contentSha256()
                : DirectoryArtifactStore.sha256((item.text() != null ? item.text() : item.imagePng())
                        .getBytes(StandardCharsets.UTF_8));
        stored.cleanedAt = item.cleanedAt();
        stored.persist();
    }

    private void duplicate(final DuplicateItem duplicate) {
        DuplicateLink link = DuplicateLink.findById(duplicate.itemId());
        if (link == null) {
            link = new DuplicateLink();
            link.itemId = duplicate.itemId();
        }
        link.canonicalItemId = duplicate.canonicalItemId();
        link.project = duplicate.project();
        link.match = duplicate.match().name();
        link.persist();
    }

    /** Keeps the newest label of an item (by labeling time); an older or repeated event changes nothing. */
    private boolean label(final Label label) {
        StoredLabel stored = StoredLabel.findById(new StoredLabel.Key(label.project(), label.itemId()));
        if (stored != null && (stored.labelId.equals(label.labelId()) || isOlder(label, stored))) {
            return false;
        }
        if (stored == null) {
            stored = new StoredLabel();
            stored.project = label.project();
            stored.itemId = label.itemId();
        }
        stored.labelId = label.labelId();
        stored.label = label.label();
        stored.source = label.source().name();
        stored.confidence = label.confidence();
        stored.modelVersion = label.modelVersion();
        stored.lineage = label.lineage() == null ? null : Json.MAPPER.convertValue(label.lineage(), MAP);
        stored.labeledAt = label.labeledAt();
        stored.receivedAt = Instant.now();
        stored.persist();
        return true;
    }

    private static boolean isOlder(final Label label, final StoredLabel stored) {
        return label.labeledAt() != null && stored.labeledAt != null && label.labeledAt().isBefore(stored.labeledAt);
    }
}
