package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.labelstream.labeling.domain.consensus.DawidSkene;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A project's latest Dawid-Skene fit as stored: class priors in project_model, a confusion matrix per labeler. */
final class LabelerModels {

    private static final TypeReference<double[][]> MATRIX = new TypeReference<>() {
    };

    private LabelerModels() {
    }

    static void store(final Connection connection, final String projectId, final DawidSkene.Fit fit,
            final int answers) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO labeling.project_model (project_id, priors, answers, iterations, fitted_at)
                VALUES (?, ?, ?, ?, now())
                ON CONFLICT (project_id) DO UPDATE SET priors = excluded.priors, answers = excluded.answers,
                    iterations = excluded.iterations, fitted_at = excluded.fitted_at
                """)) {
            upsert.setString(1, projectId);
            upsert.setString(2, json(fit.model().priors()));
            upsert.setInt(3, answers);
            upsert.setInt(4, fit.iterations());
            upsert.executeUpdate();
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO labeling.labeler_model (project_id, account_id, confusion, accuracy) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, account_id) DO UPDATE SET confusion = excluded.confusion,
                    accuracy = excluded.accuracy
                """)) {
            for (final Map.Entry<String, double[][]> labeler : fit.model().confusion().entrySet()) {
                upsert.setString(1, projectId);
                upsert.setLong(2, Long.parseLong(labeler.getKey()));
                upsert.setString(3, json(labeler.getValue()));
                upsert.setDouble(4, fit.model().accuracyOf(labeler.getKey()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * The latest fit, with the matrices of the given labelers; empty before the first fit, and after the label set
     * changed until the next one.
     */
    static Optional<DawidSkene.Model> load(final Connection connection, final Project project,
            final Collection<Long> accountIds) throws SQLException {
        final double[] priors;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT priors FROM labeling.project_model WHERE project_id = ?")) {
            statement.setString(1, project.id());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                priors = Json.MAPPER.readValue(row.getString(1), double[].class);
            }
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored priors are not valid", e);
        }
        if (priors.length != project.labelNames().size()) {
            return Optional.empty();
        }
        final Map<String, double[][]> confusion = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account_id, confusion FROM labeling.labeler_model WHERE project_id = ? AND account_id = ANY (?)")) {
            statement.setString(1, project.id());
            statement.setArray(2, connection.createArrayOf("bigint", accountIds.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    confusion.put(Long.toString(row.getLong(1)), Json.MAPPER.readValue(row.getString(2), MATRIX));
                }
            }
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("Stored confusion matrices are not valid", e);
        }
        return Optional.of(new DawidSkene.Model(priors, confusion));
    }

    private static String json(final Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
