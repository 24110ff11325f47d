package io.labelstream.ingest.streams;

import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import io.labelstream.schemas.events.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Builds rejection events with a bounded, always-writable preview of the raw value. */
public final class Rejections {

    /** A UTF-8 character has at most 4 bytes; more than this never fits in the preview anyway. */
    private static final int PREVIEW_BYTES = Rejection.PREVIEW_CHARS * 4;

    private Rejections() {
    }

    public static Rejection of(final RejectReason reason, final String detail, final String project, final RawRef raw,
            final byte[] rawValue, final Instant now) {
        return new Rejection(Rejection.VERSION, reason, detail, project, raw, preview(rawValue), now);
    }

    /** Malformed bytes show as U+FFFD; a surrogate pair is never cut in half (it could not be written as JSON). */
    static String preview(final byte[] rawValue) {
        if (rawValue == null) {
            return null;
        }
        final byte[] head = rawValue.length <= PREVIEW_BYTES ? rawValue : Arrays.copyOf(rawValue, PREVIEW_BYTES);
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.length() > Rejection.PREVIEW_CHARS) {
            final boolean splitsPair = Character.isHighSurrogate(text.charAt(Rejection.PREVIEW_CHARS - 1));
            text = text.substring(0, Rejection.PREVIEW_CHARS - (splitsPair ? 1 : 0));
        }
        return text;
    }
}
