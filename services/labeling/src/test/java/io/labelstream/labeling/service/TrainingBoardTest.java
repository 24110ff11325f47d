package io.labelstream.labeling.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.labelstream.schemas.events.TrainingProgress;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingBoardTest {

    private final TrainingBoard board = new TrainingBoard();

    private void finishEpoch(final int epoch, final double validationAccuracy) {
        board.apply(new TrainingProgress(TrainingProgress.VERSION, "run-1", "mail", TrainingProgress.Status.running,
                epoch, 3, null, null, 0.5, Map.of("validation_loss", 0.4, "validation_accuracy", validationAccuracy),
                10.0, null, null, null, Instant.parse("2026-12-06T10:00:00Z").plusSeconds(epoch)));
    }

    @Test
    void shouldNumberTheTrialsOfASearchWhoseEpochsFollowEachOther() {
        finishEpoch(1, 0.6);
        finishEpoch(2, 0.7);
        finishEpoch(3, 0.8);
        finishEpoch(1, 0.5);
        finishEpoch(2, 0.65);
        finishEpoch(1, 0.55);

        assertThat(board.of("mail").latestRun().epochPoints())
                .extracting(TrainingBoard.EpochPoint::index, TrainingBoard.EpochPoint::trial,
                        TrainingBoard.EpochPoint::epoch)
                .containsExactly(tuple(1, 1, 1), tuple(2, 1, 2), tuple(3, 1, 3), tuple(4, 2, 1), tuple(5, 2, 2),
                        tuple(6, 3, 1));
    }
}
