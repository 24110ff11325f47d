package io.labelstream.labeling.service;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One project as the operators' dashboard shows it: the queue, the labelers, the labels, training and models. */
@ApplicationScoped
public class OperationsService {

    private final AgroalDataSource dataSource;
    private final LabelingConfig config;
    private final ProjectService projects;
    private final QualityService quality;
    private final TrainingBoard training;
    private final LiveAccuracy liveAccuracy;

    OperationsService(final AgroalDataSource dataSource, final LabelingConfig config, final ProjectService projects,
            final QualityService quality, final TrainingBoard training, final LiveAccuracy liveAccuracy) {
        this.dataSource = dataSource;
        this.config = config;
        this.projects = projects;
        this.quality = quality;
        this.training = training;
        this.liveAccuracy = liveAccuracy;
    }

    public record HourCount(Instant hour, int labels) {
    }

    public record ProjectOperations(String project, String name, ItemKind kind, List<String> labels,
            QualityService.ProjectQuality quality, List<HourCount> finalLabelsPerHour,
            TrainingBoard.Snapshot training, LiveAccuracy.View liveAccuracy) {
    }

    public ProjectOperations of(final String projectId) {
        final Project project = projects.require(projectId);
        return new ProjectOperations(project.id(), project.name(), project.kind(), project.labelNames(),
                quality.report(project), finalLabelsPerHour(project.id()), training.of(project.id()),
                liveAccuracy.of(project.id()).orElse(null));
    }

    private List<HourCount> finalLabelsPerHour(final String projectId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT date_trunc('hour', labeled_at) AS hour, count(*)
                     FROM labeling.final_label
                     WHERE project_id = ? AND labeled_at >= now() - make_interval(hours => ?)
                     GROUP BY 1 ORDER BY 1
                     """)) {
            statement.setString(1, projectId);
            statement.setInt(2, config.operations().labelHours());
            final List<HourCount> counts = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    counts.add(new HourCount(row.getTimestamp(1).toInstant(), row.getInt(2)));
                }
            }
            return counts;
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot count the final labels of project " + projectId, e);
        }
    }
}
