package io.labelstream.inference.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.labelstream.cleaning.CleaningLimits;
import io.labelstream.cleaning.CleaningLimitsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the inference service, under {@code labelstream.inference}. */
@ConfigMapping(prefix = "labelstream.inference")
public interface InferenceConfig {

    /**
     * Root of the content-addressed model artifact store the trainer writes ({@code sha256/xx/<sha256>.zip}). Without
     * it, the trainer's default store is used; see {@link #resolvedModelStore()}.
     */
    Optional<Path> modelStore();

    /** The service's own state directory, given by the local launcher; its sibling {@code trainer} is the trainer's. */
    Optional<Path> dataDir();

    /** The trainer's default store, relative to the directory the trainer runs in. */
    String TRAINER_DEFAULT_STORE = ".labelstream/models";

    /**
     * The configured store or, failing that, where the trainer writes by default: the launcher runs every service in
     * its own directory under one state directory, so the trainer's store is found through the sibling
     * {@code trainer}; run by hand from one directory, both use {@code .labelstream/models}.
     */
    default Path resolvedModelStore() {
        return modelStore().orElseGet(() -> dataDir()
                .map(dir -> dir.toAbsolutePath().normalize().resolveSibling("trainer").resolve(TRAINER_DEFAULT_STORE))
                .orElse(Path.of(TRAINER_DEFAULT_STORE)));
    }

    /**
     * Names this instance's transactional producers. It must stay the same across restarts of one instance, so that
     * a restarted instance fences its predecessor and aborts its open transaction at once instead of letting it
     * block read_committed consumers until the transaction times out.
     */
    @WithDefault("local")
    String instanceId();

    /**
     * The prediction loops join their group as static members named by their transactional ids, so that a restart
     * of this instance, also after a crash, takes its partitions back at once instead of waiting out the session
     * timeout of the process it replaces. Only where {@link #instanceId()} stays with one instance across restarts
     * (the launcher, a StatefulSet): an instance that goes away for good keeps its partitions from the others until
     * its session times out.
     */
    @WithDefault("false")
    boolean staticMembership();

    /** Consumer group of the prediction loop on {@code items.clean}. */
    @WithDefault("labelstream-inference")
    String groupId();

    /** How long the service waits at start for {@code models} and {@code projects} to be replayed. */
    @WithDefault("2m")
    Duration startupReplayTimeout();

    Batching batching();

    Predictors predictors();

    Routing routing();

    Predict predict();

    Feedback feedback();

    /**
     * Micro-batching of {@code items.clean}: a batch closes when full, when its first item has waited
     * {@code max-wait}, or as soon as a poll finds nothing more to fetch. One batch is one transaction; the predictor
     * pool cuts it into chunks, one per predictor, and each chunk into forward passes of at most
     * {@code predictors.max-forward-pass}. Under load, large batches spread the cost of a transaction (its requests,
     * the coordinator's log writes and a commit marker per partition) over many items, and the broker shares the
     * machine's cores in small deployments. At low load, a batch is what has arrived, and the wait only bounds a
     * trickle.
     */
    interface Batching {

        @WithDefault("512")
        int maxSize();

        @WithDefault("10ms")
        Duration maxWait();

        /**
         * A batch is also cut at what its loop predicts in this time, judged from the wall time of the loop's recent
         * batches. On two cores, 512 e-mails take the demo text model about 30 ms alone and up to twice that while
         * the other loop predicts too, so its batches still reach {@code max-size}; 512 small images take the image
         * model 130 to 300 ms, so its batches stop at about 170 to 330 under a burst.
         */
        @WithDefault("100ms")
        Duration maxPredictTime();

        /**
         * Prediction loops (each a consumer and a transactional producer) sharing the partitions of items.clean and
         * the predictor pool. Two keep the cores busy: one predicts while the other waits for its commit.
         */
        @WithDefault("2")
        int loops();

        @WithDefault("30s")
        Duration transactionTimeout();
    }

    /** The DJL predictor pool of each loaded model and the PyTorch threads behind it. */
    interface Predictors {

        /** Predictors per model; absent means one per core. */
        Optional<Integer> poolSize();

        /** A batch is split across predictors only into chunks of at least this many items. */
        @WithDefault("16")
        int minChunk();

        /**
         * Most items in one forward pass; a predictor's chunk of a larger batch runs as several. Both demo models
         * cost least per item from 32 to 128 items a pass; at 256 the text model costs more, as its looked-up
         * embedding vectors (128 KiB per text) outgrow the processor's caches.
         */
        @WithDefault("128")
        int maxForwardPass();

        /**
         * Intra-op threads of PyTorch. One per predictor: the pool already keeps every core busy, and more threads
         * per forward pass would only contend with each other on small models.
         */
        @WithDefault("1")
        int torchThreads();

        @WithDefault("1")
        int torchInteropThreads();
    }

    /** Routing details that are not part of a project's policy. */
    interface Routing {

        /** How many labels a prediction's top-k lists. */
        @WithDefault("3")
        int topK();
    }

    /**
     * The synchronous {@code POST /api/v1/predict}. Raw items are cleaned by the rules ingest applies, with the same
     * limit settings and defaults, so that an item refused on {@code items.raw} is refused here too.
     */
    interface Predict extends CleaningLimitsConfig {

        @WithDefault("32")
        int maxItems();

        /** Request bodies above this many bytes are refused with 413. */
        @WithDefault("16777216")
        int maxBodyBytes();

        default CleaningLimits cleaningLimits() {
            return cleaningLimits(maxBodyBytes());
        }
    }

    /** Live accuracy from human labels on the QA sample, and the retrain request. */
    interface Feedback {

        /**
         * A retrain is requested when the QA sample's accuracy is significantly below the model's test accuracy
         * less this margin, which allows for the usual small gap between a held-out test set and live traffic.
         */
        @WithDefault("0.02")
        double accuracyDropMargin();

        /** Human labels of the QA sample a model version needs before a retrain can be requested. */
        @WithDefault("30")
        int minLabels();

        /**
         * The level of the one-sided exact binomial test behind a retrain request, and one minus the confidence of
         * the intervals shown: 0.05 asks only when the shortfall is significant at 95%.
         */
        @WithDefault("0.05")
        double significance();
    }
}
