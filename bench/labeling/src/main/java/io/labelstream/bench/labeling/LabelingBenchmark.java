package io.labelstream.bench.labeling;

import io.labelstream.schemas.TopicSpec;
import io.labelstream.schemas.Topics;
import io.labelstream.testing.TestKafkaCluster;
import io.labelstream.testing.TestPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N simulated labelers doing next + answer against the running labeling service (its own JVM, real PostgreSQL,
 * real Kafka), then the same number of workers running the same SQL as bare JDBC on the same database: the
 * ceiling. Prints throughput, latency percentiles, the ratio, and the double assignments found (must be 0).
 * Then queues a million tasks and measures next-task latency on that queue.
 *
 * <p>System properties: {@code bench.service.jar} (required), {@code bench.labelers} (100), {@code bench.seconds}
 * (30 measured, after {@code bench.warmup} 15 of warm-up), {@code bench.queued} (1000000), {@code bench.pool} (20, the
 * service's connection pool size).
 */
public final class LabelingBenchmark {

    private static final String LABEL = "spam";

    private LabelingBenchmark() {
    }

    private record Run(String name, long answers, double seconds, Latencies next, Latencies answer) {

        double rate() {
            return answers / seconds;
        }
    }

    public static void main(final String[] args) {
        BenchMain.run(LabelingBenchmark::run);
    }

    private static void run() throws Exception {
        final Path jar = Path.of(System.getProperty("bench.service.jar")).toAbsolutePath();
        final int labelers = Integer.getInteger("bench.labelers", 100);
        final int seconds = Integer.getInteger("bench.seconds", 30);
        final int warmup = Integer.getInteger("bench.warmup", 15);
        final int queued = Integer.getInteger("bench.queued", 1_000_000);
        final int poolSize = Integer.getInteger("bench.pool", 20);

        final String jdbcUrl = TestPostgres.jdbcUrl();
        TestKafkaCluster.createTopics(Topics.catalogue().stream().map(TopicSpec::name).toList());
        final Path workDir = Files.createTempDirectory("labelstream-bench-labeling-");
        System.out.printf("labeling benchmark: %d labelers, %d s measured after %d s warm-up, %d cores%n",
                labelers, seconds, warmup, Runtime.getRuntime().availableProcessors());

        try (LabelingService service = LabelingService.start(jar, jdbcUrl, TestPostgres.username(),
                TestPostgres.password(), TestKafkaCluster.bootstrapServers(), workDir)) {
            final Api api = new Api(service.baseUrl());
            for (final String project : List.of("bench-http", "bench-jdbc", "bench-million")) {
                createProject(api, project);
            }
            final List<String> tokens = createLabelers(api, labelers);
            final List<Long> accountIds = accountIds(jdbcUrl, labelers);
            final int expected = (int) ((seconds + warmup) * 3_000L);
            seed(jdbcUrl, "bench-http", expected);
            seed(jdbcUrl, "bench-jdbc", expected);

            final Run http = runHttp(api, tokens, "bench-http", warmup, seconds);
            final Run raw = runJdbc(jdbcUrl, poolSize, accountIds, "bench-jdbc", warmup, seconds);
            report(http);
            report(raw);
            System.out.printf("ratio service/raw JDBC: %.2f%n", http.rate() / raw.rate());
            for (final String project : List.of("bench-http", "bench-jdbc")) {
                System.out.printf("%s: double assignments %d, answers recorded %d%n", project,
                        doubleAssignments(jdbcUrl, project), submitted(jdbcUrl, project));
            }

            seed(jdbcUrl, "bench-million", queued);
            final Latencies nextOnMillion = new Latencies(1_000);
            for (int i = 0; i < 1_000; i++) {
                final String token = tokens.get(i % tokens.size());
                final long start = System.nanoTime();
                final String assignment = api.next(token, "bench-million");
                nextOnMillion.record(start);
                api.answer(token, assignment, UUID.randomUUID().toString(), LABEL);
            }
            System.out.printf("next with %,d tasks queued (service, sequential): %s%n", queued, nextOnMillion.summary());
        }
    }

    /**
     * With {@code -Dbench.flow=answer-and-next} every answer also leases the next task in the same call, as the
     * labeler page does; "next" then only asks when no task came with the last answer, and its latency is near zero.
     */
    private static Run runHttp(final Api api, final List<String> tokens, final String project, final int warmup,
            final int seconds) throws Exception {
        final boolean oneCall = "answer-and-next".equals(System.getProperty("bench.flow", "two-calls"));
        final List<Labeler<String>> labelers = tokens.stream()
                .<Labeler<String>>map(token -> new Labeler<String>() {
                    private String leased;

                    @Override
                    public String claim() throws Exception {
                        return leased != null ? leased : api.next(token, project);
                    }

                    @Override
                    public void answer(final String assignment) throws Exception {
                        final String submissionId = UUID.randomUUID().toString();
                        if (oneCall) {
                            leased = api.answerAndNext(token, assignment, submissionId, LABEL);
                        } else {
                            api.answer(token, assignment, submissionId, LABEL);
                        }
                    }
                })
                .toList();
        return drive(oneCall ? "service over HTTP, answer-and-next" : "service over HTTP", labelers, warmup, seconds,
                5_000_000);
    }

    private static Run runJdbc(final String jdbcUrl, final int poolSize, final List<Long> accountIds,
            final String project, final int warmup, final int seconds) throws Exception {
        final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            final Connection connection = DriverManager.getConnection(jdbcUrl, TestPostgres.username(),
                    TestPostgres.password());
            connection.setAutoCommit(false);
            pool.add(connection);
        }
        final RawJdbcLabeler jdbc = new RawJdbcLabeler(pool, project);
        final List<Labeler<JdbcClaim>> labelers = accountIds.stream()
                .<Labeler<JdbcClaim>>map(accountId -> new Labeler<JdbcClaim>() {
                    @Override
                    public JdbcClaim claim() throws Exception {
                        final UUID assignment = UUID.randomUUID();
                        final long[] task = jdbc.claimOrNull(accountId, assignment);
                        return task == null ? null : new JdbcClaim(assignment, task[0]);
                    }

                    @Override
                    public void answer(final JdbcClaim claimed) throws Exception {
                        jdbc.answer(accountId, claimed.assignment(), claimed.taskId(), LABEL);
                    }
                })
                .toList();
        try {
            return drive("raw JDBC, same SQL", labelers, warmup, seconds, 10_000_000);
        } finally {
            for (final Connection connection : pool) {
                connection.close();
            }
        }
    }

    /** One simulated labeler: claims its next item (null when the queue ran dry), then answers it. */
    private interface Labeler<C> {
        C claim() throws Exception;

        void answer(C claimed) throws Exception;
    }

    private record JdbcClaim(UUID assignment, long taskId) {
    }

    /** Every labeler on its own thread, next then answer in a loop; only what happens after the warm-up counts. */
    private static <C> Run drive(final String name, final List<Labeler<C>> labelers, final int warmup,
            final int seconds, final int latencyCapacity) throws Exception {
        final Latencies next = new Latencies(latencyCapacity);
        final Latencies answer = new Latencies(latencyCapacity);
        final AtomicLong counted = new AtomicLong();
        final long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        final long stopAt = measureFrom + seconds * 1_000_000_000L;
        final ExecutorService threads = Executors.newFixedThreadPool(labelers.size());
        final AtomicLong errors = new AtomicLong();
        final List<Future<?>> done = new ArrayList<>();
        for (final Labeler<C> labeler : labelers) {
            done.add(threads.submit(() -> {
                while (System.nanoTime() < stopAt) {
                    final boolean measured = System.nanoTime() >= measureFrom;
                    long start = System.nanoTime();
                    final C claimed;
                    try {
                        claimed = labeler.claim();
                    } catch (final IOException | RuntimeException e) {
                        countError(errors, "next", e);
                        continue;
                    }
                    if (claimed == null) {
                        throw new IllegalStateException("The queue ran dry; seed more tasks");
                    }
                    if (measured) {
                        next.record(start);
                    }
                    start = System.nanoTime();
                    try {
                        labeler.answer(claimed);
                    } catch (final IOException | RuntimeException e) {
                        countError(errors, "answer", e);
                        continue;
                    }
                    if (measured) {
                        answer.record(start);
                        counted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (final Future<?> future : done) {
            future.get();
        }
        System.out.printf("%s: %d failed calls%n", name, errors.get());
        threads.shutdown();
        return new Run(name, counted.get(), seconds, next, answer);
    }

    /** A failed call is counted and the labeler goes on, so that a run reports every error instead of the first. */
    private static void countError(final AtomicLong errors, final String call, final Exception e) {
        if (errors.incrementAndGet() <= 5) {
            System.out.printf("%s failed: %s%n", call, e.getMessage());
        }
    }

    private static void report(final Run run) {
        System.out.printf("%s: %,d answers in %.0f s = %.1f answers/s; next %s; answer %s%n", run.name(),
                run.answers(), run.seconds(), run.rate(), run.next().summary(), run.answer().summary());
    }

    private static void createProject(final Api api, final String id) throws Exception {
        final HttpResponse<String> response = api.asAdmin("PUT", "/api/v1/projects/" + id, """
                {"name": "Benchmark", "kind": "text",
                 "labels": [{"name": "ham", "hotkey": "h"}, {"name": "spam", "hotkey": "s"}],
                 "redundancy": {"minLabelers": 1, "maxLabelers": 1, "agreementTarget": 0.9},
                 "routing": {"autoLabelThreshold": 0.95, "qaSampleRate": 0, "uncertaintyMeasure": "margin"},
                 "goldRate": 0,
                 "training": {"retrainEveryLabels": 0, "promotionMargin": 0, "trainOnAutoLabels": false},
                 "consensus": {"method": "%s", "minAnswersForModel": 30, "refitEverySeconds": 30,
                               "stragglerAfterMinutes": 60, "stragglers": "decide"}}
                """.formatted(System.getProperty("bench.consensus", "majority_vote")));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Cannot create project " + id + ": " + response.body());
        }
    }

    private static List<String> createLabelers(final Api api, final int count) throws Exception {
        final ExecutorService threads = Executors.newFixedThreadPool(4);
        final List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String username = "bench-" + i;
            tokens.add(threads.submit(() -> {
                final String password = "bench-password-" + username;
                final HttpResponse<String> created = api.asAdmin("POST", "/api/v1/accounts",
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"role\":\"labeler\"}");
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("Cannot create " + username + ": " + created.body());
                }
                return api.login(username, password);
            }));
        }
        final List<String> result = new ArrayList<>();
        for (final Future<String> token : tokens) {
            result.add(token.get());
        }
        threads.shutdown();
        return result;
    }

    private static List<Long> accountIds(final String jdbcUrl, final int count) throws SQLException {
        final List<Long> ids = new ArrayList<>();
        try (Connection connection = connect(jdbcUrl); PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM labeling.account WHERE username LIKE 'bench-%' ORDER BY id LIMIT ?")) {
            statement.setInt(1, count);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void seed(final String jdbcUrl, final String project, final int tasks) throws SQLException {
        final long start = System.nanoTime();
        try (Connection connection = connect(jdbcUrl)) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO labeling.task (task_id, project_id, item_id, kind, reason, lane, priority, text_content,
                        wanted)
                    SELECT ? || ':' || g, ?, 'item-' || g, 'text', 'uncertain', 0, random(), 'benchmark item ' || g, 1
                    FROM generate_series(1, ?) g
                    """)) {
                insert.setString(1, project);
                insert.setString(2, project);
                insert.setInt(3, tasks);
                insert.executeUpdate();
            }
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE labeling.task");
            }
        }
        System.out.printf("queued %,d tasks in %s in %.1f s%n", tasks, project, (System.nanoTime() - start) / 1e9);
    }

    private static long doubleAssignments(final String jdbcUrl, final String project) throws SQLException {
        return single(jdbcUrl, """
                SELECT count(*) FROM (SELECT a.task_pk FROM labeling.assignment a JOIN labeling.task t ON t.id = a.task_pk
                                      WHERE a.project_id = ? GROUP BY a.task_pk, t.wanted HAVING count(*) > t.wanted) d
                """, project);
    }

    private static long submitted(final String jdbcUrl, final String project) throws SQLException {
        return single(jdbcUrl, "SELECT count(*) FROM labeling.assignment WHERE project_id = ? AND status = 'submitted'",
                project);
    }

    private static long single(final String jdbcUrl, final String sql, final String parameter) throws SQLException {
        try (Connection connection = connect(jdbcUrl); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Connection connect(final String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, TestPostgres.username(), TestPostgres.password());
    }
}
