package io.labelstream.inference.rest;

import java.util.List;

/** A request that cannot be served, with everything its problem body says. */
public final class ProblemException extends RuntimeException {

    private final String type;
    private final String title;
    private final int status;
    private final List<String> errors;

    public ProblemException(final int status, final String type, final String title, final String detail) {
        this(status, type, title, detail, null);
    }

    public ProblemException(final int status, final String type, final String title, final String detail,
            final List<String> errors) {
        super(detail);
        this.type = type;
        this.title = title;
        this.status = status;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(final String instance) {
        return new Problem(Problem.type(type), title, status, getMessage(), instance, errors);
    }
}
