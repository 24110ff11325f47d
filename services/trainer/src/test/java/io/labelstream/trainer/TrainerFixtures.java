package io.labelstream.trainer;

import io.labelstream.ml.data.SplitAssigner;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.TrainingProgress;
import io.labelstream.schemas.json.JsonSerde;
import io.labelstream.testing.TestKafkaCluster;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Upstream stand-ins: writes projects, clean items, duplicates and labels, and reads the trainer's output topics. */
final class TrainerFixtures implements AutoCloseable {

    /** The topics the trainer reads and writes, for the test broker to create. */
    static final String TOPICS = Topics.ITEMS_CLEAN + "," + Topics.ITEMS_DUPLICATES + "," + Topics.LABELS + ","
            + Topics.MODELS + "," + Topics.TRAINING_PROGRESS + "," + Topics.PROJECTS;

    /** The admin token that application.properties sets for the test profile. */
    static final String ADMIN_TOKEN = "admin-token-for-tests";

    static final List<String> LABELS = List.of("ham", "spam");
    static final List<String> IMAGE_LABELS = List.of("left", "right");
    private static final String[] HAM = {"meeting", "agenda", "notes", "project", "review", "lunch", "schedule",
        "report", "budget", "team", "minutes", "roadmap"};
    private static final String[] SPAM = {"winner", "free", "money", "offer", "click", "prize", "cash", "bonus",
        "lottery", "urgent", "credit", "discount"};
    private static final String[] SHARED = {"the", "a", "you", "for", "today", "please", "and", "to", "our", "this"};

    private final KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers()),
            new StringSerializer(), JsonSerde.of(Object.class));
    private final List<ModelEvent> modelEvents = new CopyOnWriteArrayList<>();
    private final List<TrainingProgress> progress = new CopyOnWriteArrayList<>();
    private final Random random = new Random(11);

    void project(final String id, final int retrainEveryLabels, final double margin, final boolean autoLabels) {
        send(Topics.PROJECTS, id, project(id, ItemKind.text, LABELS, null,
                new Project.TrainingPolicy(retrainEveryLabels, margin, autoLabels)));
    }

    /** A gray 28x28 image project whose labels say on which side a bright square sits. */
    void imageProject(final String id) {
        send(Topics.PROJECTS, id, project(id, ItemKind.image, IMAGE_LABELS, new Project.ImageSpec(28, 28, 1),
                new Project.TrainingPolicy(0, 0.0, false)));
    }

    private static Project project(final String id, final ItemKind kind, final List<String> labels,
            final Project.ImageSpec image, final Project.TrainingPolicy policy) {
        return new Project(Project.VERSION, id, id, kind,
                labels.stream().map(name -> new Project.LabelDefinition(name, name, name.substring(0, 1))).toList(),
                "Pick the class", new Project.Redundancy(1, 3, 0.7),
                new Project.Routing(0.9, 0.05, Project.UncertaintyMeasure.margin), 0.0, null, image, policy, null, 1,
                Instant.now());
    }

    /** Image items {@code prefix-0..count-1} with alternating labels left, right. */
    void labeledImages(final String project, final String prefix, final int count) throws IOException {
        for (int i = 0; i < count; i++) {
            final String id = prefix + "-" + i;
            final BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            final int cx = i % 2 == 0 ? 7 : 20;
            final int cy = 8 + random.nextInt(12);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    final boolean inside = Math.abs(x - cx) <= 4 && Math.abs(y - cy) <= 4;
                    image.getRaster().setSample(x, y, 0, inside ? 200 + random.nextInt(55) : random.nextInt(40));
                }
            }
            final ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            send(Topics.ITEMS_CLEAN, id, new CleanItem(CleanItem.VERSION, id, project, ItemKind.image, null,
                    Base64.getEncoder().encodeToString(png.toByteArray()), 28, 28, 1, null, null, null, null,
                    Instant.now()));
            label(project, id, IMAGE_LABELS.get(i % 2), Label.Source.human);
        }
        producer.flush();
    }

    /** Items {@code prefix-0..count-1} with alternating labels ham, spam; returns their ids. */
    List<String> labeledItems(final String project, final String prefix, final int count, final Label.Source source) {
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String id = prefix + "-" + i;
            item(project, id, text(i % 2));
            label(project, id, LABELS.get(i % 2), source);
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    /**
     * Items that fall in the training split only, whose texts read as one class and are labeled the other: a model
     * trained on them does worse on the test split than one trained without them.
     */
    void mislabeledTrainingItems(final String project, final String prefix, final int count) {
        final SplitAssigner splits = new SplitAssigner(0.8, 0.1);
        int added = 0;
        for (int i = 0; added < count; i++) {
            final String id = prefix + "-" + i;
            if (splits.assign(id) == SplitAssigner.Split.train) {
                item(project, id, text(added % 2));
                label(project, id, LABELS.get(1 - added % 2), Label.Source.human);
                added++;
            }
        }
        producer.flush();
    }

    void item(final String project, final String id, final String text) {
        send(Topics.ITEMS_CLEAN, id, new CleanItem(CleanItem.VERSION, id, project, ItemKind.text, text, null, null,
                null, null, "en", null, null, null, Instant.now()));
    }

    void label(final String project, final String itemId, final String label, final Label.Source source) {
        send(Topics.LABELS, itemId, new Label(Label.VERSION, UUID.randomUUID().toString(), itemId, project, label,
                source, source == Label.Source.human ? Label.Method.majority_vote : Label.Method.model, 0.95, null,
                null, null, null, Instant.now()));
    }

    /** A later revision of an item's human label, as labeling publishes one after a refit changed it. */
    void revisedLabel(final String project, final String itemId, final String label, final int revision) {
        send(Topics.LABELS, itemId, new Label(Label.VERSION, "human-" + itemId + "-r" + revision, itemId, project,
                label, Label.Source.human, Label.Method.dawid_skene, 0.97, null, null, null, null, Instant.now(),
                revision, "human-" + itemId + (revision > 2 ? "-r" + (revision - 1) : ""), null));
    }

    void duplicate(final String project, final String itemId, final String canonicalItemId) {
        send(Topics.ITEMS_DUPLICATES, canonicalItemId, new DuplicateItem(DuplicateItem.VERSION, itemId,
                canonicalItemId, project, DuplicateItem.Match.near, 3, null, Instant.now()));
    }

    /** A retrain request on {@code models}, as inference publishes one; returns its offset. */
    long retrainRequest(final String project, final Instant occurredAt) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.MODELS, project, new ModelEvent(ModelEvent.VERSION,
                ModelEvent.Type.retrain_requested, project, project + "-v1", null, null, null, null, null, null,
                Map.of("live_accuracy", 0.6, "test_accuracy", 0.9), "live accuracy fell", occurredAt)))
                .get().offset();
    }

    /** Waits until the trainer's consumer group has committed past {@code offset} of {@code models}. */
    static void awaitModelsConsumedPast(final String group, final long offset) {
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers()))) {
            final TopicPartition models = new TopicPartition(Topics.MODELS, 0);
            await("the trainer to consume models past offset " + offset, Duration.ofSeconds(60), () -> {
                try {
                    final OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get().get(models);
                    return committed != null && committed.offset() > offset;
                } catch (final InterruptedException | ExecutionException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    void flush() {
        producer.flush();
    }

    private String text(final int label) {
        final String[] words = label == 0 ? HAM : SPAM;
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            final String[] pool = random.nextInt(3) == 0 ? words : SHARED;
            text.append(pool[random.nextInt(pool.length)]).append(' ');
        }
        return text.toString().trim();
    }

    private void send(final String topic, final String key, final Object value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Reads {@code models} and {@code training.progress} from the beginning into memory. */
    void readOutputs() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafkaCluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = List.of(new TopicPartition(Topics.MODELS, 0),
                    new TopicPartition(Topics.TRAINING_PROGRESS, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final JsonSerde<ModelEvent> models = JsonSerde.of(ModelEvent.class);
            final JsonSerde<TrainingProgress> progresses = JsonSerde.of(TrainingProgress.class);
            modelEvents.clear();
            progress.clear();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.topic().equals(Topics.MODELS)) {
                        modelEvents.add(models.deserialize(record.topic(), record.value()));
                    } else {
                        progress.add(progresses.deserialize(record.topic(), record.value()));
                    }
                });
            }
        }
    }

    List<ModelEvent> modelEvents(final String project) {
        readOutputs();
        return modelEvents.stream().filter(event -> event.project().equals(project)).toList();
    }

    List<TrainingProgress> progress(final String runId) {
        readOutputs();
        return progress.stream().filter(event -> runId.equals(event.runId())).toList();
    }

    /** The trainer's answers to the project's triggers: runs queued, triggers coalesced or skipped, oldest first. */
    List<TrainingProgress> decisions(final String project) {
        readOutputs();
        return progress.stream().filter(event -> event.project().equals(project))
                .filter(event -> event.status() == TrainingProgress.Status.queued
                        || event.status().isSchedulingDecision())
                .toList();
    }

    /** Waits for a condition that the trainer reaches asynchronously; fails after {@code limit}. */
    static void await(final String what, final Duration limit, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(250);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
