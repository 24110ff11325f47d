package io.labelstream.ingest.streams;

import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.RejectReason;

/**
 * What the topology reports about each record it finishes; {@code lagMillis} is the time since the raw record's
 * timestamp, the end-to-end lag of ingest.
 */
public interface CleaningMetrics {

    CleaningMetrics NONE = new CleaningMetrics() {
        @Override
        public void cleaned(final String project, final long lagMillis) {
        }

        @Override
        public void duplicated(final String project, final DuplicateItem.Match match, final long lagMillis) {
        }

        @Override
        public void rejected(final RejectReason reason, final long lagMillis) {
        }
    };

    void cleaned(String project, long lagMillis);

    void duplicated(String project, DuplicateItem.Match match, long lagMillis);

    void rejected(RejectReason reason, long lagMillis);
}
