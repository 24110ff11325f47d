package io.labelstream.labeling.rest;

import java.util.List;

/** A failure the client can act on; becomes a {@link Problem} body with its status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<String> errors;

    public ProblemException(final int status, final String type, final String title, final String detail,
            final List<String> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors;
    }

    public ProblemException(final int status, final String type, final String title, final String detail) {
        this(status, type, title, detail, null);
    }

    public static ProblemException notFound(final String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException invalid(final String detail, final List<String> errors) {
        return new ProblemException(422, "invalid-request", "The request is not valid", detail, errors);
    }

    public static ProblemException conflict(final String type, final String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    /** What exactly is wrong, field by field; empty when the detail says it all. */
    public List<String> errors() {
        return errors == null ? List.of() : errors;
    }

    public Problem toProblem(final String instance) {
        return new Problem(Problem.type(type), title, status, getMessage(), instance, errors);
    }
}
