package io.labelstream.ingest.streams;

import io.labelstream.schemas.events.Rejection;

/**
 * Where the exception handlers put a rejection for a record that failed outside the processors, where it cannot
 * be forwarded in the topology's own transaction.
 */
public interface RejectionSink {

    /** Config key under which a ready {@link RejectionSink} instance may be handed to the handlers. */
    String CONFIG = "labelstream.ingest.rejection-sink";

    /** Writes the rejection and returns once it is stored. */
    void send(byte[] key, Rejection rejection);
}
