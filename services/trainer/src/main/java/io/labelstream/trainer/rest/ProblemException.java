package io.labelstream.trainer.rest;

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
