package io.labelstream.labeling.domain.consensus;

/** One labeler's answer for one item; the label is an index into the project's ordered label set. */
public record Answer(String itemId, String labelerId, int label) {
}
