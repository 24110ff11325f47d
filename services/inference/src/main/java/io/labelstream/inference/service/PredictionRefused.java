package io.labelstream.inference.service;

import java.util.List;

import io.labelstream.schemas.events.RejectReason;

/** Why an online prediction request cannot be served; the REST layer turns it into a problem body. */
public final class PredictionRefused extends RuntimeException {

    public enum Reason {
        EMPTY_BATCH,
        BATCH_TOO_LARGE,
        MIXED_PROJECTS,
        ITEMS_REJECTED,
        NO_CHAMPION,
        UNREADABLE_ITEM,
        NOT_READY
    }

    /** One item the cleaning rules refuse, by its position in the request. */
    public record Rejection(int item, RejectReason reason, String detail) {

        public String describe() {
            return "items[" + item + "]: " + reason + ": " + detail;
        }
    }

    private final Reason reason;
    private final List<String> errors;
    private final List<Rejection> rejections;

    public PredictionRefused(final Reason reason, final String detail) {
        this(reason, detail, null, null);
    }

    public PredictionRefused(final Reason reason, final String detail, final List<String> errors) {
        this(reason, detail, errors, null);
    }

    private PredictionRefused(final Reason reason, final String detail, final List<String> errors,
            final List<Rejection> rejections) {
        super(detail);
        this.reason = reason;
        this.errors = errors == null ? null : List.copyOf(errors);
        this.rejections = rejections == null ? null : List.copyOf(rejections);
    }

    /** A request of one item is refused with that item's own detail; a batch says how many items are refused. */
    public static PredictionRefused rejected(final List<Rejection> rejections, final int items) {
        return new PredictionRefused(Reason.ITEMS_REJECTED, items == 1 ? rejections.get(0).detail()
                : rejections.size() + " of " + items + " items cannot be predicted.",
                rejections.stream().map(Rejection::describe).toList(), rejections);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> errors() {
        return errors;
    }

    /** The refused items with their reason codes; null unless the reason is {@link Reason#ITEMS_REJECTED}. */
    public List<Rejection> rejections() {
        return rejections;
    }
}
