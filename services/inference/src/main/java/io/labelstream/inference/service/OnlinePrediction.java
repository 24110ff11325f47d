package io.labelstream.inference.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.labelstream.cleaning.CleaningLimits;
import io.labelstream.cleaning.ImageNormalizer;
import io.labelstream.cleaning.ItemCleaner;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.inference.domain.ModelOutput;
import io.labelstream.inference.domain.Router;
import io.labelstream.inference.domain.RoutingDecision;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RejectReason;

/**
 * Synchronous predictions for online clients: the same champion, predictor pool and calibrated output as the
 * stream, nothing published. Raw items go through the cleaning rules ingest applies on {@code items.raw} and are
 * predicted under the content-derived id ingest would give them; clean items are checked and predicted as they
 * are. Every item is checked before any is predicted, and all refusals of a request are reported at once.
 */
public final class OnlinePrediction {

    private final ModelRegistry registry;
    private final ProjectDirectory projects;
    private final Router router;
    private final ItemCleaner cleaner;
    private final ImageNormalizer images;
    private final CleaningLimits limits;
    private final Clock clock;
    private final int maxItems;

    public OnlinePrediction(final ModelRegistry registry, final ProjectDirectory projects, final Router router,
            final CleaningLimits limits, final Clock clock, final int maxItems) {
        this.registry = registry;
        this.projects = projects;
        this.router = router;
        this.cleaner = new ItemCleaner(limits);
        this.images = new ImageNormalizer(limits.image());
        this.limits = limits;
        this.clock = clock;
        this.maxItems = maxItems;
    }

    /** Predicts items of one project, in order. */
    public List<Prediction> predict(final List<RequestedItem> requested) {
        return withChampion(requested, (item, project, output) -> router.prediction(item, output));
    }

    /**
     * Predicts items of one project and routes them by the project's policy, in order, publishing nothing: how the
     * items would be routed if they arrived now. This is how work queued before the project had a model is routed
     * again once it has one.
     */
    public List<RoutingDecision> route(final List<RequestedItem> requested) {
        return withChampion(requested, router::route);
    }

    /** What one answer makes of an item and the champion's output for it. */
    @FunctionalInterface
    private interface Answer<T> {
        T of(CleanItem item, Project project, ModelOutput output);
    }

    private <T> List<T> withChampion(final List<RequestedItem> requested, final Answer<T> answer) {
        final long arrival = System.nanoTime();
        if (requested.isEmpty()) {
            throw new PredictionRefused(PredictionRefused.Reason.EMPTY_BATCH, "Send at least one item.");
        }
        if (requested.size() > maxItems) {
            throw new PredictionRefused(PredictionRefused.Reason.BATCH_TOO_LARGE,
                    "A request holds at most " + maxItems + " items; this one holds " + requested.size() + ".");
        }
        final Project project = projects.find(oneProject(requested)).orElse(null);
        final List<CleanItem> items = cleaned(requested, project);
        final Optional<Champion.Lease> lease = registry.lease(project.id());
        if (lease.isEmpty()) {
            throw new PredictionRefused(PredictionRefused.Reason.NO_CHAMPION, "Project '" + project.id()
                    + "' has no champion model yet: its items go to human labelers until the trainer promotes one.");
        }
        try (Champion.Lease held = lease.get()) {
            final long[] arrivals = new long[items.size()];
            Arrays.fill(arrivals, arrival);
            final List<ModelOutput> outputs = BatchPredictor.predict(held.champion(), items, arrivals).outputs();
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
            final List<T> answers = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                answers.add(answer.of(items.get(i), project, outputs.get(i)));
            }
            return answers;
        }
    }

    /** A request predicts with one champion, so its items name one project (or none, and are rejected for it). */
    private static String oneProject(final List<RequestedItem> requested) {
        final List<String> named = requested.stream().map(RequestedItem::project).filter(Objects::nonNull)
                .distinct().toList();
        if (named.size() > 1) {
            throw new PredictionRefused(PredictionRefused.Reason.MIXED_PROJECTS,
                    "All items of a request belong to one project; this one names " + named + ".");
        }
        return named.isEmpty() ? null : named.get(0);
    }

    private List<CleanItem> cleaned(final List<RequestedItem> requested, final Project project) {
        final List<PredictionRefused.Rejection> rejections = new ArrayList<>();
        final List<CleanItem> items = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            try {
                items.add(cleaned(requested.get(i), project, i));
            } catch (final ItemRejectedException e) {
                rejections.add(new PredictionRefused.Rejection(i, e.reason(), e.detail()));
            }
        }
        if (!rejections.isEmpty()) {
            throw PredictionRefused.rejected(rejections, requested.size());
        }
        return items;
    }

    private CleanItem cleaned(final RequestedItem item, final Project project, final int index) {
        if (item instanceof RequestedItem.Unreadable unreadable) {
            throw unreadable.rejection();
        }
        if (item instanceof RequestedItem.Raw raw) {
            return cleaner.clean(raw.item(), project, null).toCleanItem(clock.instant());
        }
        return checked(((RequestedItem.Clean) item).item(), project, index);
    }

    /** A clean item is what ingest publishes; it is checked against the same limits, not cleaned again. */
    private CleanItem checked(final CleanItem item, final Project project, final int index) {
        if (item.project() == null || item.project().isBlank()) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE, "project is required.");
        }
        ItemCleaner.requireProject(item.project(), project, item.kind());
        if (project.kind() == ItemKind.text) {
            checkText(item);
        } else {
            checkImage(item, project);
        }
        return new CleanItem(CleanItem.VERSION, item.itemId() != null ? item.itemId() : "request-" + index,
                item.project(), project.kind(), item.text(), item.imagePng(), item.width(), item.height(),
                item.channels(), item.language(), item.fingerprints(), item.lineage(), item.metadata(),
                item.cleanedAt());
    }

    private void checkText(final CleanItem item) {
        if (item.text() == null) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE, "text is required for a text project.");
        }
        if (item.text().isBlank()) {
            throw new ItemRejectedException(RejectReason.EMPTY_TEXT, "text is blank.");
        }
        if (item.text().length() > limits.maxTextChars()) {
            throw new ItemRejectedException(RejectReason.TEXT_TOO_LONG, "text has " + item.text().length()
                    + " characters; at most " + limits.maxTextChars() + " are read.");
        }
    }

    /** Decoding with the cleaning rules' size checks keeps a crafted image from exhausting memory in the model. */
    private void checkImage(final CleanItem item, final Project project) {
        if (item.imagePng() == null || item.imagePng().isBlank()) {
            throw new ItemRejectedException(RejectReason.INVALID_SHAPE,
                    "imagePng (base64 PNG) is required for an image project.");
        }
        images.normalize(item.imagePng(), project.image());
    }
}
