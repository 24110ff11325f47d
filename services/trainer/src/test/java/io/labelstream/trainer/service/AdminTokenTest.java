package io.labelstream.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path directory;

    @Test
    void shouldAcceptOnlyTheConfiguredToken() {
        final AdminToken token = new AdminToken(Optional.of("s3cret-token"), directory.resolve("unused"));

        assertThat(token.matches("s3cret-token")).isTrue();
        assertThat(token.matches("s3cret-toke")).isFalse();
        assertThat(token.matches("s3cret-token ")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(directory.resolve("unused")).doesNotExist();
    }

    @Test
    void shouldGenerateATokenReadableByTheOwnerOnlyAndKeepItAcrossRestarts() throws Exception {
        final Path file = directory.resolve("admin-token");

        final AdminToken first = new AdminToken(Optional.empty(), file);
        final String generated = Files.readString(file).trim();
        final AdminToken afterRestart = new AdminToken(Optional.of(" "), file);

        assertThat(generated).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.matches(generated)).isTrue();
        assertThat(afterRestart.matches(generated)).isTrue();
        assertThat(first.matches("admin-token")).isFalse();
    }
}
