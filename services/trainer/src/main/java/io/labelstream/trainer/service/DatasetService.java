package io.labelstream.trainer.service;

import io.labelstream.ml.InputSpec;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.labelstream.ml.data.SplitAssigner;
import io.labelstream.ml.data.SplitAssigner.Split;
import io.labelstream.ml.features.Featurizer;
import io.labelstream.ml.training.LabeledExample;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.Project;
import io.labelstream.service.errors.Refusal;
import io.labelstream.trainer.config.TrainerConfig;
import io.labelstream.trainer.domain.DatasetItem;
import io.labelstream.trainer.domain.DatasetVersion;
import io.labelstream.trainer.domain.TrainerProject;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds dataset versions: an immutable snapshot of a project's labeled items (latest label per item; model labels
 * only when the project trains on auto-labels) with a deterministic split and a content hash over the manifest.
 * Snapshotting the same labels twice yields the same version.
 */
@ApplicationScoped
public class DatasetService {

    private static final int FLUSH_EVERY = 500;

    private final SplitAssigner splits;

    public DatasetService(final TrainerConfig config) {
        this.splits = new SplitAssigner(config.split().train(), config.split().validation());
    }

    /** The examples of one dataset version, featurized for the model, by split. */
    public record SplitExamples(List<String> labels, InputSpec input, List<LabeledExample> train,
            List<LabeledExample> validation, List<LabeledExample> test) {
    }

    private record Row(String itemId, String canonicalItemId, String label, String source, String labelId,
            String contentSha256) {
    }

    @Transactional
    public DatasetVersion snapshot(final String projectId) {
        final TrainerProject stored = TrainerProject.findById(projectId);
        if (stored == null) {
            throw Refusal.notFound("project " + projectId);
        }
        final Project project = stored.project();
        final boolean includeModelLabels = project.training() != null && project.training().trainOnAutoLabels();
        final List<String> labels = project.labelNames();
        final List<Row> rows = rows(projectId, includeModelLabels).stream()
                .filter(row -> labels.contains(row.label()))
                .toList();
        if (rows.isEmpty()) {
            throw Refusal.invalid("empty-dataset", "The dataset cannot train a model", "project " + projectId
                    + " has no labeled items with content yet" + (includeModelLabels ? "" : " (human labels only)"));
        }
        final Map<String, Integer> classCounts = new LinkedHashMap<>();
        labels.forEach(label -> classCounts.put(label, 0));
        rows.forEach(row -> classCounts.merge(row.label(), 1, Integer::sum));
        final List<String> present = classCounts.entrySet().stream()
                .filter(entry -> entry.getValue() > 0).map(Map.Entry::getKey).toList();
        if (present.size() < 2) {
            throw Refusal.invalid("one-class-dataset", "The dataset cannot train a model", "project " + projectId
                    + " has labels of one class only (" + present.get(0) + "); a model needs at least two");
        }
        final Map<String, Split> splitOf = assignSplits(rows);
        final Map<Split, Integer> splitCounts = new EnumMap<>(Split.class);
        rows.forEach(row -> splitCounts.merge(splitOf.get(row.canonicalItemId()), 1, Integer::sum));
        for (final Split split : Split.values()) {
            if (splitCounts.getOrDefault(split, 0) == 0) {
                throw Refusal.invalid("dataset-too-small", "The dataset cannot train a model", "project " + projectId + " has "
                        + rows.size() + " usable labeled items, too few for train, validation and test splits");
            }
        }
        final String contentSha256 = contentHash(projectId, labels, rows, splitOf);
        final DatasetVersion existing = DatasetVersion
                .find("project = ?1 and contentSha256 = ?2", projectId, contentSha256).firstResult();
        if (existing != null) {
            return existing;
        }
        final DatasetVersion version = new DatasetVersion();
        version.id = "ds-" + contentSha256.substring(0, 16);
        version.project = projectId;
        version.contentSha256 = contentSha256;
        version.itemCount = rows.size();
        version.classCounts = classCounts;
        version.splitCounts = splitCounts.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
        version.includeModelLabels = includeModelLabels;
        version.createdAt = Instant.now();
        version.persist();
        int written = 0;
        for (final Row row : rows) {
            final DatasetItem item = new DatasetItem();
            item.datasetId = version.id;
            item.itemId = row.itemId();
            item.canonicalItemId = row.canonicalItemId();
            item.label = row.label();
            item.source = row.source();
            item.labelId = row.labelId();
            item.contentSha256 = row.contentSha256();
            item.split = splitOf.get(row.canonicalItemId()).name();
            item.persist();
            if (++written % FLUSH_EVERY == 0) {
                Panache.getEntityManager().flush();
                Panache.getEntityManager().clear();
            }
        }
        return version;
    }

    /**
     * Split by the hash of the canonical item id. Hash splits are stratified only in expectation, so a class with
     * at least three canonical items but none in validation or test gets its highest-bucket items moved there.
     */
    Map<String, Split> assignSplits(final List<Row> rows) {
        final Map<String, Split> splitOf = new HashMap<>();
        rows.forEach(row -> splitOf.computeIfAbsent(row.canonicalItemId(), splits::assign));
        final Map<String, Set<String>> keysByClass = new HashMap<>();
        rows.forEach(row -> keysByClass.computeIfAbsent(row.label(), label -> new TreeSet<>())
                .add(row.canonicalItemId()));
        for (final Set<String> keys : keysByClass.values()) {
            if (keys.size() < 3) {
                continue;
            }
            final List<String> byBucket = keys.stream()
                    .sorted(Comparator.comparingInt(SplitAssigner::bucket).reversed().thenComparing(key -> key))
                    .toList();
            int next = 0;
            for (final Split needed : List.of(Split.test, Split.validation)) {
                if (keys.stream().noneMatch(key -> splitOf.get(key) == needed)) {
                    while (next < byBucket.size() && splitOf.get(byBucket.get(next)) != Split.train) {
                        next++;
                    }
                    if (next < byBucket.size()) {
                        splitOf.put(byBucket.get(next++), needed);
                    }
                }
            }
        }
        return splitOf;
    }

    @SuppressWarnings("unchecked")
    private static List<Row> rows(final String project, final boolean includeModelLabels) {
        final List<Object[]> result = Panache.getEntityManager().createNativeQuery("""
                SELECT l.item_id, COALESCE(d.canonical_item_id, l.item_id), l.label, l.source, l.label_id,
                       i.content_sha256
                FROM label l
                JOIN item i ON i.item_id = l.item_id
                LEFT JOIN duplicate d ON d.item_id = l.item_id
                WHERE l.project = ?1 AND (?2 OR l.source = ?3)
                ORDER BY l.item_id
                """)
                .setParameter(1, project)
                .setParameter(2, includeModelLabels)
                .setParameter(3, Label.Source.human.name())
                .getResultList();
        return result.stream()
                .map(r -> new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                        (String) r[5]))
                .toList();
    }

    private static String contentHash(final String project, final List<String> labels, final List<Row> rows,
            final Map<String, Split> splitOf) {
        final StringBuilder manifest = new StringBuilder()
                .append("project\t").append(project).append("\nlabels\t").append(String.join("\t", labels));
        for (final Row row : rows) {
            manifest.append('\n').append(row.itemId()).append('\t').append(row.canonicalItemId()).append('\t')
                    .append(row.label()).append('\t').append(row.source()).append('\t').append(row.labelId())
                    .append('\t').append(row.contentSha256()).append('\t')
                    .append(splitOf.get(row.canonicalItemId()).name());
        }
        return DirectoryArtifactStore.sha256(manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static InputSpec inputOf(final Project project) {
        if (project.kind() == ItemKind.text) {
            return InputSpec.text();
        }
        final Project.ImageSpec image = project.image();
        return image == null ? InputSpec.image(28, 28, 1) : InputSpec.image(image.width(), image.height(),
                image.channels());
    }

    /** Loads and featurizes a dataset version's members for a model reading {@code input}, in item-id order. */
    @Transactional
    @SuppressWarnings("unchecked")
    public SplitExamples examples(final String datasetId, final InputSpec input) {
        final DatasetVersion version = DatasetVersion.findById(datasetId);
        if (version == null) {
            throw Refusal.notFound("dataset version " + datasetId);
        }
        final Project project = ((TrainerProject) TrainerProject.findById(version.project)).project();
        final List<String> labels = project.labelNames();
        final Featurizer featurizer = Featurizer.forInput(input);
        final List<Object[]> result = Panache.getEntityManager().createNativeQuery("""
                SELECT di.item_id, di.label, di.split, i.kind, i.text, i.image_png
                FROM dataset_item di JOIN item i ON i.item_id = di.item_id
                WHERE di.dataset_id = ?1
                ORDER BY di.item_id
                """)
                .setParameter(1, datasetId)
                .getResultList();
        final Map<Split, List<LabeledExample>> bySplit = new EnumMap<>(Split.class);
        for (final Split split : Split.values()) {
            bySplit.put(split, new ArrayList<>());
        }
        for (final Object[] r : result) {
            final String itemId = (String) r[0];
            final CleanItem item = new CleanItem(CleanItem.VERSION, itemId, version.project,
                    ItemKind.valueOf((String) r[3]), (String) r[4], (String) r[5], null, null, null, null, null,
                    null, null, null);
            bySplit.get(Split.valueOf((String) r[2]))
                    .add(new LabeledExample(itemId, labels.indexOf((String) r[1]), featurizer.featurize(item)));
        }
        return new SplitExamples(labels, input, bySplit.get(Split.train), bySplit.get(Split.validation),
                bySplit.get(Split.test));
    }
}
