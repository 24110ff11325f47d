package io.labelstream.ingest.streams;

/** An item de-duplication remembers: its id and the record time it was first seen. */
record SeenItem(String itemId, long seenAt) {

    boolean expired(final long notBefore) {
        return seenAt < notBefore;
    }
}
