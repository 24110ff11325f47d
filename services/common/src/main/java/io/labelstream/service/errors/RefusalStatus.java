package io.labelstream.service.errors;

/** The HTTP status of each kind of {@link Refusal}, the same in every service's REST layer. */
public final class RefusalStatus {

    private RefusalStatus() {
    }

    public static int of(final Refusal refusal) {
        return switch (refusal.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 422;
            case FORBIDDEN -> 403;
        };
    }
}
