package io.labelstream.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;

/**
 * The verdict on one item of a request: accepted with where it now is in {@code items.raw}, or rejected with a
 * reason code (the same codes as {@code items.rejected}) and a message. {@code line} counts from 1.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(int line, Status status, RawRef raw, RejectReason reason, String message) {

    public enum Status {
        accepted,
        rejected
    }

    public static ItemResult accepted(final int line, final RawRef raw) {
        return new ItemResult(line, Status.accepted, raw, null, null);
    }

    public static ItemResult rejected(final int line, final RejectReason reason, final String message) {
        return new ItemResult(line, Status.rejected, null, reason, message);
    }
}
