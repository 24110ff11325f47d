package io.labelstream.labeling.service;

/**
 * The statements of the hot path, public so that the benchmark's raw JDBC ceiling runs exactly the same SQL.
 *
 * <p>Claiming is one statement: the first task of the lane in queue order that still has a free slot and that
 * this labeler never held is locked with {@code FOR UPDATE SKIP LOCKED} (concurrent claimers pass over each
 * other's rows instead of waiting), its lease count goes up, and the assignment row is written. The unique
 * (task, labeler) key makes "never the same item twice" a database guarantee.
 */
public final class AssignmentSql {

    /** Parameters: project, lane, account (twice: anti-join, insert), assignment id, project, lease millis. */
    public static final String CLAIM = """
            WITH candidate AS (
                SELECT t.id FROM labeling.task t
                WHERE t.project_id = ? AND t.lane = ? AND t.status = 'open' AND t.answered + t.leased < t.wanted
                  AND NOT EXISTS (SELECT 1 FROM labeling.assignment a WHERE a.task_pk = t.id AND a.account_id = ?)
                ORDER BY t.priority DESC, t.id
                LIMIT 1
                FOR UPDATE OF t SKIP LOCKED),
            leased AS (
                UPDATE labeling.task t SET leased = t.leased + 1 FROM candidate WHERE t.id = candidate.id
                RETURNING t.id)
            INSERT INTO labeling.assignment (id, task_pk, project_id, account_id, status, leased_at, expires_at)
            SELECT ?, leased.id, ?, ?, 'leased', now(), now() + ? * interval '1 millisecond' FROM leased
            RETURNING task_pk, leased_at, expires_at
            """;

    /**
     * Claims one given task, as an external crowd platform that pushes an item to a worker needs: the same rules as
     * {@link #CLAIM} (open, a free slot, never held by this labeler), without the queue order. Parameters as
     * {@link #CLAIM}, with the task id in place of the lane.
     */
    public static final String CLAIM_GIVEN = """
            WITH candidate AS (
                SELECT t.id FROM labeling.task t
                WHERE t.project_id = ? AND t.task_id = ? AND t.status = 'open' AND t.answered + t.leased < t.wanted
                  AND NOT EXISTS (SELECT 1 FROM labeling.assignment a WHERE a.task_pk = t.id AND a.account_id = ?)
                FOR UPDATE OF t),
            leased AS (
                UPDATE labeling.task t SET leased = t.leased + 1 FROM candidate WHERE t.id = candidate.id
                RETURNING t.id)
            INSERT INTO labeling.assignment (id, task_pk, project_id, account_id, status, leased_at, expires_at)
            SELECT ?, leased.id, ?, ?, 'leased', now(), now() + ? * interval '1 millisecond' FROM leased
            RETURNING task_pk, leased_at, expires_at
            """;

    /**
     * One lease at a time per labeler and project: concurrent next-task calls of one labeler queue up here. Returns
     * the reason the labeler is suspended in the project, if they are. Parameters: account, project, account.
     */
    public static final String SERIALISE_LABELER = """
            SELECT pg_advisory_xact_lock(1, CAST(? AS integer)),
                (SELECT reason FROM labeling.suspension WHERE project_id = ? AND account_id = ?)
            """;

    /** Parameters: account, project. */
    public static final String HELD = """
            SELECT a.id, a.task_pk, a.leased_at, a.expires_at FROM labeling.assignment a
            WHERE a.account_id = ? AND a.project_id = ? AND a.status = 'leased' AND a.expires_at > now()
            LIMIT 1
            """;

    /** Parameter: task. Locks before any assignment row of the task is changed (always task, then assignment). */
    public static final String LOCK_TASK = """
            SELECT id, task_id, project_id, item_id, lane, status, wanted, answered, leased, flags, gold_label, lineage
            FROM labeling.task WHERE id = ? FOR UPDATE
            """;

    /** With the reason the labeler is suspended in the assignment's project, if they are. Parameters: assignment, account. */
    public static final String ASSIGNMENT = """
            SELECT a.id, a.task_pk, a.project_id, a.status, a.submission_id, a.label, a.expires_at > now() AS live,
                a.expires_at, s.reason AS suspended_because
            FROM labeling.assignment a
            LEFT JOIN labeling.suspension s ON s.project_id = a.project_id AND s.account_id = a.account_id
            WHERE a.id = ? AND a.account_id = ?
            """;

    /** Parameters: submission id, label, assignment. */
    public static final String RECORD_ANSWER = """
            UPDATE labeling.assignment
            SET status = 'submitted', submission_id = ?, label = ?, submitted_at = now(), counted = true
            WHERE id = ?
            """;

    /** Parameters: leases given back (0 or 1), task. */
    public static final String COUNT_ANSWER = """
            UPDATE labeling.task SET answered = answered + 1, leased = leased - ? WHERE id = ?
            RETURNING answered, leased
            """;

    private AssignmentSql() {
    }
}
