package io.labelstream.labeling.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Gives the slots of expired leases back to the queue. The labeler may still answer while nobody took the slot. */
@ApplicationScoped
public class LeaseExpiryService {

    static final int BATCH = 1000;

    private final AgroalDataSource dataSource;

    LeaseExpiryService(final AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns how many leases expired. */
    @Transactional
    public int expire() {
        try (Connection connection = dataSource.getConnection()) {
            final List<Long> tasks = new ArrayList<>();
            try (PreparedStatement find = connection.prepareStatement("""
                    SELECT DISTINCT task_pk FROM labeling.assignment
                    WHERE status = 'leased' AND expires_at <= now() ORDER BY task_pk LIMIT ?
                    """)) {
                find.setInt(1, BATCH);
                try (ResultSet row = find.executeQuery()) {
                    while (row.next()) {
                        tasks.add(row.getLong(1));
                    }
                }
            }
            if (tasks.isEmpty()) {
                return 0;
            }
            final Array ids = connection.createArrayOf("bigint", tasks.toArray());
            // task rows first, then assignments: the lock order of every writer
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT id FROM labeling.task WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
                lock.setArray(1, ids);
                lock.executeQuery().close();
            }
            try (PreparedStatement expire = connection.prepareStatement("""
                    WITH expired AS (
                        UPDATE labeling.assignment SET status = 'expired'
                        WHERE task_pk = ANY (?) AND status = 'leased' AND expires_at <= now()
                        RETURNING task_pk
                    ), per_task AS (
                        SELECT task_pk, count(*) AS n FROM expired GROUP BY task_pk
                    )
                    UPDATE labeling.task t SET leased = t.leased - per_task.n FROM per_task WHERE t.id = per_task.task_pk
                    RETURNING per_task.n
                    """)) {
                expire.setArray(1, ids);
                int expired = 0;
                try (ResultSet row = expire.executeQuery()) {
                    while (row.next()) {
                        expired += row.getInt(1);
                    }
                }
                return expired;
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot expire leases", e);
        }
    }
}
