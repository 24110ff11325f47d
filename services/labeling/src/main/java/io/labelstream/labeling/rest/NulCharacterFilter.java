package io.labelstream.labeling.rest;

import io.labelstream.labeling.security.BasicCredentials;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses a NUL character in the path, the query or Basic credentials before a resource, the log-in or the database
 * sees it. PostgreSQL cannot store NUL in text, and no id, name or password of the API contains one, so such a request
 * is bad input (400; 401 for credentials), not a server error. JSON bodies are checked where they are read
 * ({@link io.labelstream.labeling.config.NulFreeStrings}).
 */
@Provider
@PreMatching
public class NulCharacterFilter implements ContainerRequestFilter {

    @Override
    public void filter(final ContainerRequestContext request) {
        final UriInfo uri = request.getUriInfo();
        if (containsNul(uri.getPath())
                || uri.getQueryParameters().entrySet().stream().anyMatch(NulCharacterFilter::containsNul)) {
            throw new ProblemException(400, "nul-character", "Bad request",
                    "The path and the query must not contain a NUL character (%00)");
        }
        if (BasicCredentials.decoded(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .filter(NulCharacterFilter::containsNul).isPresent()) {
            throw new AuthenticationFailedException("credentials with a NUL character");
        }
    }

    private static boolean containsNul(final Map.Entry<String, List<String>> parameter) {
        return containsNul(parameter.getKey())
                || parameter.getValue().stream().anyMatch(NulCharacterFilter::containsNul);
    }

    private static boolean containsNul(final String text) {
        return text != null && text.indexOf(0) >= 0;
    }
}
