package io.labelstream.ml.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.labelstream.ml.Architecture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Same data, hyperparameters and seed on the CPU: the same loss at every batch and the same parameters. */
class TrainingDeterminismTest {

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void shouldRepeatBitForBitInOneJvmAndInAnother(final Architecture architecture) throws Exception {
        final TrainingFingerprint first = TrainingFingerprint.of(architecture);
        final TrainingFingerprint second = TrainingFingerprint.of(architecture);
        final String inAnotherJvm = fingerprintInAnotherJvm(architecture);

        assertThat(first.batchLosses()).hasSize(2 * 16).allMatch(Double::isFinite);
        assertThat(second.serialized()).isEqualTo(first.serialized());
        assertThat(inAnotherJvm).isEqualTo(first.serialized());
    }

    private static String fingerprintInAnotherJvm(final Architecture architecture)
            throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TrainingFingerprint.class.getName(), architecture.id())
                .redirectErrorStream(true)
                .start();
        final List<String> lines;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        final Optional<String> fingerprint = lines.stream().filter(line -> line.startsWith("fingerprint "))
                .map(line -> line.substring("fingerprint ".length())).findFirst();
        assertThat(fingerprint).as(String.join("\n", lines)).isPresent();
        return fingerprint.get();
    }
}
