package io.labelstream.ml.features;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** One example as the model reads it, kept in plain arrays so that a dataset can hold many without native memory. */
public sealed interface Features permits ImageFeatures, TextFeatures {

    NDList toNDList(NDManager manager);
}
