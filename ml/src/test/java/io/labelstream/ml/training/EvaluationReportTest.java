package io.labelstream.ml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

    private static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void shouldComputeAccuracyTopKPerClassMetricsAndConfusion() {
        final float[][] logits = {
            {5, 1, 0}, // a -> a
            {5, 4, 0}, // b -> a (b second)
            {0, 5, 1}, // b -> b
            {4, 0, 5}, // c -> c
        };
        final int[] truth = {0, 1, 1, 2};

        final EvaluationReport report = EvaluationReport.of(LABELS, logits, truth, 1.0);

        assertThat(report.accuracy()).isEqualTo(0.75);
        assertThat(report.topK()).isEqualTo(3);
        assertThat(report.topKAccuracy()).isEqualTo(1.0);
        assertThat(report.confusion()).isDeepEqualTo(new int[][] {{1, 0, 0}, {1, 1, 0}, {0, 0, 1}});
        assertThat(report.perClass().get(0).precision()).isEqualTo(0.5);
        assertThat(report.perClass().get(0).recall()).isEqualTo(1.0);
        assertThat(report.perClass().get(1).precision()).isEqualTo(1.0);
        assertThat(report.perClass().get(1).recall()).isEqualTo(0.5);
        assertThat(report.perClass().get(1).f1()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(report.flatten()).containsKeys("accuracy", "top3_accuracy", "macro_f1", "ece", "nll",
                "precision.b", "recall.c", "f1.a");
    }

    @Test
    void shouldFindNoCalibrationErrorWhenConfidenceMatchesAccuracy() {
        final float[][] logits = new float[100][];
        final int[] truth = new int[100];
        for (int i = 0; i < 100; i++) {
            logits[i] = new float[] {0, 0};
            truth[i] = i % 2;
        }
        final EvaluationReport report = EvaluationReport.of(List.of("x", "y"), logits, truth, 1.0);
        assertThat(report.ece()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void shouldFitATemperatureAboveOneForOverconfidentLogitsAndLowerTheirLoss() {
        final float[][] logits = new float[200][];
        final int[] truth = new int[200];
        for (int i = 0; i < 200; i++) {
            final boolean right = i % 10 < 7;
            logits[i] = right ? new float[] {8, 0} : new float[] {0, 8};
            truth[i] = 0;
        }
        final double temperature = Calibration.fitTemperature(logits, truth);

        assertThat(temperature).isGreaterThan(1.0);
        assertThat(Calibration.negativeLogLikelihood(logits, truth, temperature))
                .isLessThan(Calibration.negativeLogLikelihood(logits, truth, 1.0));
        assertThat(EvaluationReport.of(List.of("x", "y"), logits, truth, temperature).ece())
                .isLessThan(EvaluationReport.of(List.of("x", "y"), logits, truth, 1.0).ece());
    }
}
