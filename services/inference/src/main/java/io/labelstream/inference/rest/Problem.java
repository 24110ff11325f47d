package io.labelstream.inference.rest;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body, the only error format of the API. {@code type} names the kind of problem so that
 * clients can branch on it; {@code errors} lists every invalid item at once, not only the first. Items the
 * cleaning rules refuse are listed in {@code rejections} with their reason code (the codes of {@code items.rejected});
 * {@code reason} is that code when all of them share it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<String> errors,
        String reason, List<Rejection> rejections) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://labelstream.io/problems/";

    public static URI type(final String name) {
        return URI.create(TYPE_BASE + name);
    }

    /** One refused item: its position in the request, the reason code, and what exactly is wrong. */
    public record Rejection(int item, String reason, String detail) {
    }
}
