package io.labelstream.inference.service;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import ai.djl.modality.Classifications;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import io.labelstream.ml.InputSpec;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.ml.artifact.ArtifactStore;
import io.labelstream.ml.artifact.LoadedModel;
import io.labelstream.ml.translate.ImageItemTranslator;
import io.labelstream.ml.translate.TextItemTranslator;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.ModelEvent;
import org.jboss.logging.Logger;

/**
 * The champion of every project, ready to predict: loads artifacts from the content-addressed store, warms the
 * predictors up and swaps champions without stopping predictions (see {@link Champion} for how the old model is
 * closed). Also remembers the test accuracy of every model version it has heard of, for the feedback check.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ArtifactStore store;
    private final int poolSize;
    private final int minChunk;
    private final int maxForwardPass;
    private final Map<String, Champion> champions = new ConcurrentHashMap<>();
    private final Map<String, Double> testAccuracy = new ConcurrentHashMap<>();
    private final AtomicInteger openModels = new AtomicInteger();

    /**
     * @param torchThreads intra-op threads per forward pass; takes effect only if the engine has not started yet
     */
    public ModelRegistry(final ArtifactStore store, final int poolSize, final int minChunk, final int maxForwardPass,
            final int torchThreads, final int torchInteropThreads) {
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(torchThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(torchInteropThreads));
        OfflineEngine.pytorch();
        this.store = store;
        this.poolSize = poolSize;
        this.minChunk = minChunk;
        this.maxForwardPass = maxForwardPass;
    }

    public static int defaultPoolSize() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** A lease on the project's current champion, or empty while the project has none (cold start). */
    public Optional<Champion.Lease> lease(final String project) {
        while (true) {
            final Champion champion = champions.get(project);
            if (champion == null) {
                return Optional.empty();
            }
            if (champion.acquire()) {
                return Optional.of(new Champion.Lease(champion));
            }
            // replaced and closed between the lookup and the lease: the map already holds its successor
            Thread.onSpinWait();
        }
    }

    public Optional<String> championVersion(final String project) {
        return Optional.ofNullable(champions.get(project)).map(Champion::modelVersion);
    }

    public Map<String, String> championVersions() {
        final Map<String, String> versions = new ConcurrentHashMap<>();
        champions.forEach((project, champion) -> versions.put(project, champion.modelVersion()));
        return versions;
    }

    /** Models loaded and not yet closed, champions and retired ones still finishing a batch. */
    public int openModels() {
        return openModels.get();
    }

    /** The accuracy the trainer measured on the test split, if a {@code models} event told it. */
    public Optional<Double> testAccuracy(final String project, final String modelVersion) {
        return Optional.ofNullable(testAccuracy.get(project + "/" + modelVersion));
    }

    /** Remembers the test metrics an event carries, whatever its type. */
    public void remember(final ModelEvent event) {
        if (event.modelVersion() != null && event.metrics() != null && event.metrics().get("accuracy") != null) {
            testAccuracy.put(event.project() + "/" + event.modelVersion(), event.metrics().get("accuracy"));
        }
    }

    /**
     * Loads the event's artifact, warms it up and makes it the project's champion. A failure leaves the current
     * champion in place.
     */
    public void promote(final ModelEvent event) {
        remember(event);
        final Champion current = champions.get(event.project());
        if (current != null && current.event().artifactSha256().equals(event.artifactSha256())
                && current.modelVersion().equals(event.modelVersion())) {
            return;
        }
        final Champion next;
        try {
            next = load(event);
        } catch (final RuntimeException | TranslateException e) {
            LOG.errorf(e, "Could not load model %s of project %s (artifact %s); the champion stays %s",
                    event.modelVersion(), event.project(), event.artifactSha256(),
                    current == null ? "none" : current.modelVersion());
            return;
        }
        final Champion previous = champions.put(event.project(), next);
        LOG.infof("Project %s: champion is now %s (was %s)", event.project(), event.modelVersion(),
                previous == null ? "none" : previous.modelVersion());
        if (previous != null) {
            previous.release();
        }
    }

    private Champion load(final ModelEvent event) throws TranslateException {
        final LoadedModel model = store.load(event.artifactSha256());
        final ModelManifest manifest = model.manifest();
        final Translator<CleanItem, Classifications> translator;
        try {
            if (event.labels() != null && !event.labels().equals(manifest.labels())) {
                throw new IllegalStateException("model event labels " + event.labels()
                        + " differ from the artifact's " + manifest.labels());
            }
            // the registry may refit the temperature after the artifact was written; its value wins
            final double temperature = event.temperature() != null ? event.temperature() : manifest.temperature();
            translator = translator(manifest, temperature);
        } catch (final RuntimeException e) {
            model.close();
            throw e;
        }
        // from here the pool owns the model, and closes it if it cannot warm up
        final PredictorPool pool = PredictorPool.warmedUp(model, translator, poolSize, minChunk, maxForwardPass,
                manifest.project() + "-" + manifest.modelVersion(), warmUpSample(manifest.input()));
        openModels.incrementAndGet();
        final String version = event.modelVersion() != null ? event.modelVersion() : model.manifest().modelVersion();
        return new Champion(version, model.manifest().labels(), event, pool,
                openModels::decrementAndGet);
    }

    private static Translator<CleanItem, Classifications> translator(final ModelManifest manifest,
            final double temperature) {
        return manifest.input().kind() == ItemKind.image
                ? new ImageItemTranslator(manifest.input(), manifest.labels(), temperature)
                : new TextItemTranslator(manifest.input(), manifest.labels(), temperature);
    }

    static CleanItem warmUpSample(final InputSpec input) {
        if (input.kind() == ItemKind.text) {
            return new CleanItem(CleanItem.VERSION, "warm-up", "warm-up", ItemKind.text,
                    "a short message to warm the model up before the first item arrives", null, null, null, null,
                    null, null, null, null, null);
        }
        final BufferedImage image = new BufferedImage(input.width(), input.height(), BufferedImage.TYPE_BYTE_GRAY);
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CleanItem(CleanItem.VERSION, "warm-up", "warm-up", ItemKind.image, null,
                Base64.getEncoder().encodeToString(png.toByteArray()), input.width(), input.height(),
                input.channels(), null, null, null, null, null);
    }

    @Override
    public void close() {
        champions.values().forEach(Champion::release);
        champions.clear();
    }
}
