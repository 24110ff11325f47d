package io.labelstream.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.labelstream.ingest.service.ItemResult;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem body, the only error format of the API. {@code type} names the kind of problem so that
 * clients can branch on it; {@code results} carries the per-item verdicts when no item of a request was accepted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<ItemResult> results) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://labelstream.io/problems/";

    public static URI type(final String name) {
        return URI.create(TYPE_BASE + name);
    }
}
