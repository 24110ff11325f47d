package io.labelstream.labeling.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * Writes a project's final labels as they stream out of a database cursor, so an export of any size needs the
 * memory of one fetch, not of the whole project. JSONL lines are the exact {@code labels} events.
 */
@ApplicationScoped
public class ExportService {

    public static final String CSV_HEADER =
            "label_id,item_id,task_id,label,method,confidence,annotations,labeled_at";
    private static final int FETCH = 500;

    private final AgroalDataSource dataSource;

    ExportService(final AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void jsonl(final String projectId, final OutputStream out) {
        stream(projectId, out, (event, writer) -> {
            writer.write(event);
            writer.write('\n');
        }, null);
    }

    public void csv(final String projectId, final OutputStream out) {
        stream(projectId, out, (event, writer) -> {
            final Label label = Json.MAPPER.readValue(event, Label.class);
            final String annotations = label.annotations() == null ? "" : label.annotations().stream()
                    .map(a -> a.labelerId() + ":" + a.label())
                    .collect(Collectors.joining(";"));
            writer.write(String.join(",", csv(label.labelId()), csv(label.itemId()), csv(label.taskId()),
                    csv(label.label()), label.method().name(), Double.toString(label.confidence()), csv(annotations),
                    label.labeledAt().toString()));
            writer.write("\r\n");
        }, CSV_HEADER + "\r\n");
    }

    private interface LineWriter {
        void write(String event, Writer writer) throws IOException;
    }

    private void stream(final String projectId, final OutputStream out, final LineWriter lines, final String header) {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL only streams with a cursor, which needs a transaction
            connection.setAutoCommit(false);
            final Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (header != null) {
                writer.write(header);
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT event FROM labeling.final_label WHERE project_id = ? ORDER BY id")) {
                statement.setFetchSize(FETCH);
                statement.setString(1, projectId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        lines.write(row.getString(1), writer);
                    }
                }
            }
            writer.flush();
            connection.rollback();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot export labels of project " + projectId, e);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A stored label is not valid", e);
        } catch (final IOException e) {
            throw new UncheckedIOException("The export was cut off", e);
        }
    }

    /** RFC 4180: quote when needed, double the quotes; a leading formula character is neutralised for spreadsheets. */
    static String csv(final String value) {
        if (value == null) {
            return "";
        }
        String safe = value;
        if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
