package io.labelstream.trainer.service;

/** A failure the client can act on; the REST layer turns it into a problem body with its status. */
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

    public static ProblemException notFound(final String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException conflict(final String type, final String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }

    /** The labeled data cannot train a model (empty, one class, too small to split). */
    public static ProblemException unusableDataset(final String type, final String detail) {
        return new ProblemException(422, type, "The dataset cannot train a model", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
