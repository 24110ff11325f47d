package io.labelstream.labeling.domain;

import io.labelstream.schemas.events.LabelingTask;

/**
 * The three queues of a project. Next-task picks gold and QA samples at the project's rates and otherwise the
 * most uncertain regular item; the lane is never shown to labelers, so gold looks like any other item.
 */
public enum Lane {
    REGULAR(0),
    QA_SAMPLE(1),
    GOLD(2);

    private final int code;

    Lane(final int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Lane of(final LabelingTask.Reason reason) {
        return reason == LabelingTask.Reason.qa_sample ? QA_SAMPLE : REGULAR;
    }
}
