package io.labelstream.trainer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

/** An RFC 9457 problem body, the only error format of the API; {@code type} names the kind of problem. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://labelstream.io/problems/";

    public static URI type(final String name) {
        return URI.create(TYPE_BASE + name);
    }
}
