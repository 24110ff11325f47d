package io.labelstream.labeling.security;

/** The roles of the API. A service token carries {@link #SERVICE}; people are labelers or admins. */
public final class Role {

    public static final String LABELER = "labeler";
    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";

    private Role() {
    }
}
