package io.labelstream.ingest.streams;

import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.schemas.events.Rejection;

/** The result of screening one raw record: normalized and on its way to de-duplication, or refused. */
sealed interface Screened {

    record Passed(NormalizedItem item) implements Screened {
    }

    record Refused(Rejection rejection) implements Screened {
    }
}
