package io.labelstream.service.errors;

import java.util.List;

/**
 * A request that the domain refuses, thrown by domain and service code, which knows nothing of HTTP. {@code code}
 * names the kind of refusal for clients to branch on, {@code title} summarises it, and {@code errors} lists what
 * exactly is wrong. The REST layer maps each {@link Kind} to one status, in one place per service.
 */
public final class Refusal extends RuntimeException {

    /** What the refusal means for the request. */
    public enum Kind {
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request contradicts the current state (a duplicate, a finished task, an expired lease). */
        CONFLICT,
        /** The request itself is not valid; {@code errors} says field by field. */
        INVALID,
        /** The caller may not do this, whatever the request says (a suspension, a wrong password). */
        FORBIDDEN
    }

    private final Kind kind;
    private final String code;
    private final String title;
    private final List<String> errors;

    private Refusal(final Kind kind, final String code, final String title, final String detail,
            final List<String> errors) {
        super(detail);
        this.kind = kind;
        this.code = code;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Refusal notFound(final String what) {
        return new Refusal(Kind.NOT_FOUND, "not-found", "Not found", what + " does not exist", null);
    }

    public static Refusal invalid(final String detail, final List<String> errors) {
        return new Refusal(Kind.INVALID, "invalid-request", "The request is not valid", detail, errors);
    }

    /** A request that is well formed but cannot be carried out as asked, with a code and title of its own. */
    public static Refusal invalid(final String code, final String title, final String detail) {
        return new Refusal(Kind.INVALID, code, title, detail, null);
    }

    public static Refusal conflict(final String code, final String detail) {
        return new Refusal(Kind.CONFLICT, code, "Conflict", detail, null);
    }

    public static Refusal forbidden(final String code, final String title, final String detail) {
        return new Refusal(Kind.FORBIDDEN, code, title, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** What exactly is wrong, field by field; empty when the detail says it all. */
    public List<String> errors() {
        return errors;
    }
}
