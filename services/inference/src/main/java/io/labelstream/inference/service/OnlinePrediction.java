package io.labelstream.inference.service;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.labelstream.inference.domain.ModelOutput;
import io.labelstream.inference.domain.Router;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;

/**
 * Synchronous predictions for online clients: the same champion, predictor pool and calibrated output as the
 * stream, nothing published. Items come in clean form; every item is checked before any is predicted, and all
 * problems of a request are reported at once.
 */
public final class OnlinePrediction {

    private final ModelRegistry registry;
    private final ProjectDirectory projects;
    private final BatchPredictor predictor;
    private final Router router;
    private final int maxItems;

    public OnlinePrediction(final ModelRegistry registry, final ProjectDirectory projects, final Router router,
            final int maxItems) {
        this.registry = registry;
        this.projects = projects;
        this.predictor = new BatchPredictor(registry);
        this.router = router;
        this.maxItems = maxItems;
    }

    /** Predicts items of one project, in order. */
    public List<Prediction> predict(final List<CleanItem> requested) {
        final long arrival = System.nanoTime();
        if (requested.isEmpty()) {
            throw new PredictionRefused(PredictionRefused.Reason.EMPTY_BATCH, "Send at least one item.");
        }
        if (requested.size() > maxItems) {
            throw new PredictionRefused(PredictionRefused.Reason.BATCH_TOO_LARGE,
                    "A request holds at most " + maxItems + " items; this one holds " + requested.size() + ".");
        }
        final String projectId = requested.get(0).project();
        if (projectId == null || projectId.isBlank()) {
            throw new PredictionRefused(PredictionRefused.Reason.INVALID_ITEM, "items[0]: project is required.");
        }
        final Project project = projects.find(projectId).orElseThrow(() -> new PredictionRefused(
                PredictionRefused.Reason.UNKNOWN_PROJECT, "No project '" + projectId + "' is defined."));
        final List<CleanItem> items = checked(requested, project);
        final Optional<Champion.Lease> lease = registry.lease(projectId);
        if (lease.isEmpty()) {
            throw new PredictionRefused(PredictionRefused.Reason.NO_CHAMPION, "Project '" + projectId
                    + "' has no champion model yet: its items go to human labelers until the trainer promotes one.");
        }
        try (Champion.Lease held = lease.get()) {
            final long[] arrivals = new long[items.size()];
            Arrays.fill(arrivals, arrival);
            final List<ModelOutput> outputs = predictor.predict(held.champion(), items, arrivals);
            final List<String> unreadable = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) == null) {
                    unreadable.add("items[" + i + "]: model " + held.champion().modelVersion() + " cannot read it");
                }
            }
            if (!unreadable.isEmpty()) {
                throw new PredictionRefused(PredictionRefused.Reason.UNREADABLE_ITEM,
                        "The model cannot read some items.", unreadable);
            }
            final List<Prediction> predictions = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                predictions.add(router.prediction(items.get(i), outputs.get(i)));
            }
            return predictions;
        }
    }

    private static List<CleanItem> checked(final List<CleanItem> requested, final Project project) {
        final List<String> errors = new ArrayList<>();
        final List<CleanItem> items = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            final CleanItem item = requested.get(i);
            final String at = "items[" + i + "]: ";
            if (!project.id().equals(item.project())) {
                errors.add(at + "all items of a request belong to project '" + project.id() + "'");
                continue;
            }
            if (item.kind() != null && item.kind() != project.kind()) {
                errors.add(at + "kind " + item.kind() + " does not fit project '" + project.id() + "', which is "
                        + project.kind());
                continue;
            }
            final String problem = project.kind() == ItemKind.text ? textProblem(item) : imageProblem(item);
            if (problem != null) {
                errors.add(at + problem);
                continue;
            }
            items.add(withDefaults(item, i, project.kind()));
        }
        if (!errors.isEmpty()) {
            throw new PredictionRefused(PredictionRefused.Reason.INVALID_ITEM,
                    errors.size() + " of " + requested.size() + " items cannot be predicted.", errors);
        }
        return items;
    }

    private static String textProblem(final CleanItem item) {
        if (item.text() == null || item.text().isBlank()) {
            return "text is required for a text project";
        }
        return null;
    }

    private static String imageProblem(final CleanItem item) {
        if (item.imagePng() == null || item.imagePng().isBlank()) {
            return "imagePng (base64 PNG) is required for an image project";
        }
        final byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(item.imagePng());
        } catch (final IllegalArgumentException e) {
            return "imagePng is not valid base64: " + e.getMessage();
        }
        try {
            final BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            return image == null ? "imagePng is not a readable image" : null;
        } catch (final IOException e) {
            return "imagePng is not a readable image: " + e.getMessage();
        }
    }

    private static CleanItem withDefaults(final CleanItem item, final int index, final ItemKind kind) {
        return new CleanItem(CleanItem.VERSION, item.itemId() != null ? item.itemId() : "request-" + index,
                item.project(), kind, item.text(), item.imagePng(), item.width(), item.height(), item.channels(),
                item.language(), item.fingerprints(), item.lineage(), item.metadata(), item.cleanedAt());
    }
}
