package io.labelstream.inference.rest;

import java.util.List;

import io.labelstream.cleaning.ItemRejectedException;

/** A request that cannot be served, with everything its problem body says. */
public final class ProblemException extends RuntimeException {

    private final String type;
    private final String title;
    private final int status;
    private final List<String> errors;
    private final List<Problem.Rejection> rejections;
    private final String reason;

    public ProblemException(final int status, final String type, final String title, final String detail) {
        this(status, type, title, detail, null, null);
    }

    public ProblemException(final int status, final String type, final String title, final String detail,
            final List<String> errors) {
        this(status, type, title, detail, errors, null);
    }

    public ProblemException(final int status, final String type, final String title, final String detail,
            final List<String> errors, final List<Problem.Rejection> rejections) {
        this(status, type, title, detail, errors, rejections, null);
    }

    private ProblemException(final int status, final String type, final String title, final String detail,
            final List<String> errors, final List<Problem.Rejection> rejections, final String reason) {
        super(detail);
        this.type = type;
        this.title = title;
        this.status = status;
        this.errors = errors == null ? null : List.copyOf(errors);
        this.rejections = rejections == null ? null : List.copyOf(rejections);
        this.reason = reason;
    }

    /** A body that is no JSON document the cleaning rules read, with their reason code, as ingest would name it. */
    public static ProblemException unreadableBody(final ItemRejectedException rejection) {
        return new ProblemException(400, "invalid-json", "Invalid JSON", rejection.detail(), null, null,
                rejection.reason().name());
    }

    public int status() {
        return status;
    }

    public Problem toProblem(final String instance) {
        return new Problem(Problem.type(type), title, status, getMessage(), instance, errors, commonReason(),
                rejections);
    }

    private String commonReason() {
        if (rejections == null) {
            return reason;
        }
        final List<String> reasons = rejections.stream().map(Problem.Rejection::reason).distinct().toList();
        return reasons.size() == 1 ? reasons.get(0) : null;
    }
}
