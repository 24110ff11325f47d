package io.labelstream.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.labelstream.inference.domain.ModelOutput;
import io.labelstream.inference.domain.Router;
import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.ScoredLabel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PredictionMetricsTest {

    private final Router router = new Router(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC), 2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PredictionMetrics metrics = new PredictionMetrics(registry);

    @Test
    void shouldCountABatchByProjectRouteAndModelVersion() {
        final Project spam = project("spam");
        metrics.routed(List.of(
                router.route(item("a", "spam"), spam, output("v1", 0.95)),
                router.route(item("b", "spam"), spam, output("v1", 0.97)),
                router.route(item("c", "spam"), spam, output("v1", 0.6)),
                router.route(item("d", "fashion"), project("fashion"), output("v7", 0.99)),
                router.coldStart(item("e", "spam"))));
        metrics.routed(List.of(router.route(item("f", "spam"), spam, output("v2", 0.99))));

        assertThat(routed("spam", "auto_label")).isEqualTo(3);
        assertThat(routed("spam", "uncertain")).isEqualTo(1);
        assertThat(routed("spam", "cold_start")).isEqualTo(1);
        assertThat(routed("fashion", "auto_label")).isEqualTo(1);
        assertThat(predictions("spam", "v1")).isEqualTo(3);
        assertThat(predictions("spam", "v2")).isEqualTo(1);
        assertThat(predictions("fashion", "v7")).isEqualTo(1);
        assertThat(registry.get("labelstream.inference.item.latency").timer().count()).isEqualTo(5);
        assertThat(registry.get("labelstream.inference.item.latency").timer().totalTime(TimeUnit.MILLISECONDS))
                .isCloseTo(3.8 + 3.88 + 2.4 + 3.96 + 3.96, within(1e-4));
    }

    private double routed(final String project, final String route) {
        return registry.get("labelstream.inference.items.routed").tags("project", project, "route", route).counter()
                .count();
    }

    private double predictions(final String project, final String version) {
        return registry.get("labelstream.inference.predictions").tags("project", project, "model_version", version)
                .counter().count();
    }

    private static ModelOutput output(final String version, final double spam) {
        return new ModelOutput(version, List.of(new ScoredLabel("ham", 1 - spam), new ScoredLabel("spam", spam)),
                spam * 4);
    }

    private static Project project(final String id) {
        return new Project(Project.VERSION, id, id, ItemKind.text, List.of(), null, null,
                new Project.Routing(0.9, 0.0, Project.UncertaintyMeasure.margin), 0, null, null, null, null, 1, null);
    }

    private static CleanItem item(final String id, final String project) {
        return new CleanItem(CleanItem.VERSION, id, project, ItemKind.text, "text", null, null, null, null, null,
                null, null, null, null);
    }
}
