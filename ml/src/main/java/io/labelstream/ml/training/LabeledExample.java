package io.labelstream.ml.training;

import io.labelstream.ml.features.Features;

/** One featurized example with the index of its label in the model's label list. */
public record LabeledExample(String itemId, int label, Features features) {
}
