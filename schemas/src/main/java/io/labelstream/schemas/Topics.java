package io.labelstream.schemas;

import static io.labelstream.schemas.Service.INFERENCE;
import static io.labelstream.schemas.Service.INGEST;
import static io.labelstream.schemas.Service.LABELING;
import static io.labelstream.schemas.Service.TRAINER;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topic catalogue. Every topic is keyed so that everything about one item (or one project) stays in one
 * partition. Services name topics through these constants only.
 */
public final class Topics {

    public static final String ITEMS_RAW = "items.raw";
    public static final String ITEMS_CLEAN = "items.clean";
    public static final String ITEMS_DUPLICATES = "items.duplicates";
    public static final String ITEMS_REJECTED = "items.rejected";
    public static final String PREDICTIONS = "predictions";
    public static final String TASKS_LABELING = "tasks.labeling";
    public static final String LABELS = "labels";
    public static final String MODELS = "models";
    public static final String TRAINING_PROGRESS = "training.progress";
    public static final String PROJECTS = "projects";

    /** Item topics share a partition count so that item-keyed joins need no repartitioning. */
    public static final int ITEM_PARTITIONS = 6;

    private static final String DAYS_7 = String.valueOf(7L * 86_400_000L);
    private static final String DAYS_30 = String.valueOf(30L * 86_400_000L);
    private static final String DAYS_1 = String.valueOf(86_400_000L);

    private static final List<TopicSpec> CATALOGUE = List.of(
            new TopicSpec(ITEMS_RAW, "source item id, or none", EventType.RAW_ITEM, ITEM_PARTITIONS,
                    Map.of("retention.ms", DAYS_7), "upstream systems, ingest HTTP API", List.of("ingest"),
                    "Raw items as upstream systems produce them.", Set.of(INGEST), Set.of(INGEST)),
            new TopicSpec(ITEMS_CLEAN, "item id (content-derived)", EventType.CLEAN_ITEM, ITEM_PARTITIONS,
                    Map.of("retention.ms", DAYS_30), "ingest", List.of("inference", "labeling", "trainer"),
                    "Validated, normalized, de-duplicated items.", Set.of(INGEST),
                    Set.of(INFERENCE, LABELING, TRAINER)),
            new TopicSpec(ITEMS_DUPLICATES, "canonical item id", EventType.DUPLICATE_ITEM, ITEM_PARTITIONS,
                    Map.of("retention.ms", DAYS_30), "ingest", List.of("trainer", "labeling"),
                    "Exact and near duplicates with the canonical item they repeat.", Set.of(INGEST),
                    Set.of(TRAINER, LABELING)),
            new TopicSpec(ITEMS_REJECTED, "raw key, or none", EventType.REJECTION, ITEM_PARTITIONS,
                    Map.of("retention.ms", DAYS_30), "ingest", List.of("operators"),
                    "Raw items that were not accepted, each with a reason code.", Set.of(INGEST), Set.of()),
            new TopicSpec(PREDICTIONS, "item id", EventType.PREDICTION, ITEM_PARTITIONS,
                    Map.of("retention.ms", DAYS_30), "inference", List.of("downstream consumers", "inference"),
                    "The champion model's calibrated prediction for every clean item.", Set.of(INFERENCE),
                    Set.of(INFERENCE)),
            new TopicSpec(TASKS_LABELING, "item id", EventType.LABELING_TASK, ITEM_PARTITIONS,
                    Map.of("retention.ms", DAYS_30), "inference", List.of("labeling"),
                    "Items routed to human labelers, with priority and reason.", Set.of(INFERENCE), Set.of(LABELING)),
            new TopicSpec(LABELS, "item id", EventType.LABEL, ITEM_PARTITIONS,
                    Map.of("retention.ms", "-1"), "labeling (outbox), inference (auto-labels)",
                    List.of("trainer", "inference", "downstream consumers"),
                    "Final labels: human consensus or confident model predictions.", Set.of(LABELING, INFERENCE),
                    Set.of(TRAINER, INFERENCE, LABELING)),
            new TopicSpec(MODELS, "project id", EventType.MODEL_EVENT, 1,
                    Map.of("retention.ms", "-1"), "trainer, inference (retrain requests)",
                    List.of("inference", "trainer", "labeling"),
                    "Model registry changes: registered, promoted or not promoted, rolled back, retrain requested.",
                    Set.of(TRAINER, INFERENCE), Set.of(INFERENCE, TRAINER, LABELING)),
            new TopicSpec(TRAINING_PROGRESS, "project id", EventType.TRAINING_PROGRESS, 1,
                    Map.of("retention.ms", DAYS_1), "trainer", List.of("labeling (dashboard)"),
                    "Live progress of training runs.", Set.of(TRAINER), Set.of(LABELING)),
            new TopicSpec(PROJECTS, "project id", EventType.PROJECT, 1,
                    Map.of("cleanup.policy", "compact"), "labeling (admin API)",
                    List.of("ingest", "inference", "trainer"),
                    "Project configuration; every service follows it.", Set.of(LABELING),
                    Set.of(INGEST, INFERENCE, TRAINER, LABELING)));

    private Topics() {
    }

    public static List<TopicSpec> catalogue() {
        return CATALOGUE;
    }

    /**
     * The topics {@code service} writes or reads, in catalogue order. Readers include the writers that read their
     * own topic back: labeling's outbox relay finds where it stopped in {@code labels} and {@code projects}.
     */
    public static List<String> usedBy(final Service service) {
        return CATALOGUE.stream().filter(spec -> spec.usedBy(service)).map(TopicSpec::name).toList();
    }

    public static TopicSpec spec(final String name) {
        return CATALOGUE.stream()
                .filter(spec -> spec.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No such topic in the catalogue: " + name));
    }
}
