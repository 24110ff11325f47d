package io.labelstream.schemas.events;

/** The three usual uncertainty measures of one probability vector; higher means less certain for all three. */
public record Uncertainty(double leastConfidence, double margin, double entropy) {
}
