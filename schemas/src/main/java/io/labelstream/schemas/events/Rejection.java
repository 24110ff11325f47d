package io.labelstream.schemas.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A raw item that did not make it to {@code items.clean}, with the reason, on {@code items.rejected}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(
        int schemaVersion,
        RejectReason reason,
        String detail,
        String project,
        RawRef raw,
        String rawValuePreview,
        Instant rejectedAt) {

    public static final int VERSION = 1;

    /** How many characters of the raw value a rejection keeps, enough to recognise it, never the whole payload. */
    public static final int PREVIEW_CHARS = 512;

    public static String preview(final String rawValue) {
        if (rawValue == null) {
            return null;
        }
        return rawValue.length() <= PREVIEW_CHARS ? rawValue : rawValue.substring(0, PREVIEW_CHARS);
    }
}
