package io.labelstream.cleaning;

import io.labelstream.schemas.events.RejectReason;

/**
 * Thrown by a cleaning step when an item cannot go on; the topology turns it into a rejection. It is part of the
 * normal flow (a bad item is not a bug), so it carries no stack trace.
 */
public final class ItemRejectedException extends RuntimeException {

    private final RejectReason reason;

    public ItemRejectedException(final RejectReason reason, final String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
