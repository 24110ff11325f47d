package io.labelstream.schemas.events;

/** One label with its calibrated probability. */
public record ScoredLabel(String label, double probability) {
}
