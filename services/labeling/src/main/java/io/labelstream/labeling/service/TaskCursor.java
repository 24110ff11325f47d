package io.labelstream.labeling.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Where a page of tasks ended: the last task's row id, and its time of change when the listing is by change. Sent
 * as an opaque token, so its form can change without breaking clients that only pass it back.
 */
record TaskCursor(long id, Instant updatedAt) {

    String encode() {
        final String plain = updatedAt == null ? "i:" + id : "u:" + updatedAt + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or null with an error added when the token is not one this service made. */
    static TaskCursor parse(final String token, final List<String> errors) {
        try {
            final String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (plain.startsWith("i:")) {
                return new TaskCursor(Long.parseLong(plain.substring(2)), null);
            }
            if (plain.startsWith("u:")) {
                final int lastColon = plain.lastIndexOf(':');
                return new TaskCursor(Long.parseLong(plain.substring(lastColon + 1)),
                        Instant.parse(plain.substring(2, lastColon)));
            }
        } catch (final IllegalArgumentException | java.time.DateTimeException e) {
            // reported below like any other token this service did not make
        }
        errors.add("cursor: not a cursor from a previous page of this listing");
        return null;
    }
}
