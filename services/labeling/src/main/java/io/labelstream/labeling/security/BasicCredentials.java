package io.labelstream.labeling.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The parts of an {@code Authorization: Basic} header, read before the log-in checks them. */
public final class BasicCredentials {

    private static final String SCHEME = "Basic ";

    private BasicCredentials() {
    }

    /** The decoded {@code user:password}; empty when the header is not Basic, or not Base64. */
    public static Optional<String> decoded(final String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The user name of a Basic header; empty when there is none. */
    public static Optional<String> username(final String authorization) {
        return decoded(authorization).map(pair -> pair.indexOf(':') < 0 ? pair : pair.substring(0, pair.indexOf(':')));
    }
}
