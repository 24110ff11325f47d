package io.labelstream.inference.service;

import java.util.List;

/** Why an online prediction request cannot be served; the REST layer turns it into a problem body. */
public final class PredictionRefused extends RuntimeException {

    public enum Reason {
        EMPTY_BATCH,
        BATCH_TOO_LARGE,
        INVALID_ITEM,
        UNKNOWN_PROJECT,
        NO_CHAMPION,
        UNREADABLE_ITEM,
        NOT_READY
    }

    private final Reason reason;
    private final List<String> errors;

    public PredictionRefused(final Reason reason, final String detail) {
        this(reason, detail, null);
    }

    public PredictionRefused(final Reason reason, final String detail, final List<String> errors) {
        super(detail);
        this.reason = reason;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> errors() {
        return errors;
    }
}
