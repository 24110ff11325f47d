package io.labelstream.inference.domain;

import java.util.Comparator;
import java.util.List;

import io.labelstream.schemas.events.ScoredLabel;

/**
 * What one model version said about one item: calibrated probabilities in the model's label order, and how long the
 * item spent in inference.
 */
public record ModelOutput(String modelVersion, List<ScoredLabel> probabilities, double latencyMs) {

    public List<ScoredLabel> ranked() {
        return probabilities.stream()
                .sorted(Comparator.comparingDouble(ScoredLabel::probability).reversed())
                .toList();
    }
}
