package io.labelstream.inference.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import io.labelstream.inference.service.ModelRegistry;

/** Waiting for a {@code models} event to be loaded, warmed up and installed. */
public final class Champions {

    private Champions() {
    }

    public static void await(final ModelRegistry registry, final String project, final String version)
            throws InterruptedException {
        for (int i = 0; i < 300 && !registry.championVersion(project).equals(Optional.of(version)); i++) {
            Thread.sleep(100);
        }
        assertThat(registry.championVersion(project)).contains(version);
    }
}
