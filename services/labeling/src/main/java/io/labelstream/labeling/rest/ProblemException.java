package io.labelstream.labeling.rest;

/** A failure the client can act on; becomes a {@link Problem} body with its status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ProblemException(final int status, final String type, final String title, final String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public Problem toProblem(final String instance) {
        return new Problem(Problem.type(type), title, status, getMessage(), instance, null);
    }
}
