package io.labelstream.ingest.rest;

import io.labelstream.ingest.service.ItemResult;
import java.util.List;

/** A request-level error, answered with a problem body by {@link ProblemExceptionMapper}. */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<ItemResult> results;

    public ProblemException(final int status, final String type, final String title, final String detail) {
        this(status, type, title, detail, null);
    }

    public ProblemException(final int status, final String type, final String title, final String detail,
            final List<ItemResult> results) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.results = results;
    }

    Problem toProblem(final String instance) {
        return new Problem(Problem.type(type), title, status, getMessage(), instance, results);
    }

    int status() {
        return status;
    }
}
