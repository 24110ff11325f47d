package io.labelstream.bench.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labelstream.bench.labeling.SimulatedCrowd.CrowdAnswer;
import io.labelstream.labeling.domain.consensus.Answer;
import io.labelstream.labeling.domain.consensus.Consensus;
import io.labelstream.labeling.domain.consensus.DawidSkene;
import io.labelstream.labeling.domain.consensus.MajorityVote;
import io.labelstream.schemas.TopicSpec;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.json.Json;
import io.labelstream.testing.TestKafkaCluster;
import io.labelstream.testing.TestPostgres;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Replays a simulated crowd's answers on the true labels of the Fashion-MNIST test set through the labeling
 * service, and compares its final labels with majority vote and offline Dawid-Skene computed here on the same
 * answers. Two paths: the bulk import of answers (all items), and labelers answering given tasks one by one over
 * HTTP (the first items). The service decides each item when its answers are complete, with whatever fit exists
 * then, and revises labels at each refit; this measures how close that gets to fitting once on everything.
 *
 * <p>System properties: {@code bench.service.jar} (required), {@code bench.items} (5000), {@code bench.perItem} (5),
 * {@code bench.workers} (100), {@code bench.spammers} (0.10), {@code bench.adversaries} (0.05),
 * {@code bench.oneByOneItems} (1000), {@code bench.refitSeconds} (30, the service's default), {@code bench.seed}
 * (42). Needs {@code LABELSTREAM_FASHION_MNIST} (datasets/install).
 */
public final class ConsensusReplay {

    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Tops are mistaken for tops, footwear for footwear. */
    private static final int[][] SIMILAR = {{2, 3, 4, 6}, {3}, {0, 4, 6}, {0, 4}, {0, 2, 6}, {7, 9}, {0, 2, 4},
        {5, 9}, {}, {5, 7}};
    private static final boolean[] HARD = {false, false, true, false, true, false, true, false, false, false};
    private static final int THREADS = 8;
    private static final int REFIT_SECONDS = Integer.getInteger("bench.refitSeconds", 30);

    private ConsensusReplay() {
    }

    /** Accuracy of a set of labels against the truth; a tie counts as the expected value of a random pick. */
    private record Score(double correct, int items, int undecided) {

        double accuracy() {
            return correct / items;
        }
    }

    public static void main(final String[] args) {
        BenchMain.run(ConsensusReplay::run);
    }

    private static void run() throws Exception {
        final Path jar = Path.of(System.getProperty("bench.service.jar")).toAbsolutePath();
        final int items = Integer.getInteger("bench.items", 5000);
        final int perItem = Integer.getInteger("bench.perItem", 5);
        final int workers = Integer.getInteger("bench.workers", 100);
        final int oneByOne = Math.min(items, Integer.getInteger("bench.oneByOneItems", 1000));
        final long seed = Long.getLong("bench.seed", 42);
        final Random random = new Random(seed);
        final int[] truth = fashionMnistTestLabels(items);
        final SimulatedCrowd crowd = new SimulatedCrowd(workers, CLASSES.size(), SIMILAR, HARD,
                Double.parseDouble(System.getProperty("bench.spammers", "0.10")),
                Double.parseDouble(System.getProperty("bench.adversaries", "0.05")), random);
        final List<CrowdAnswer> answers = crowd.answer(truth, perItem, random);
        final List<CrowdAnswer> firstItems = answers.stream().filter(a -> a.item() < oneByOne).toList();
        System.out.printf(Locale.ROOT, "consensus replay: %d Fashion-MNIST test items, %d answers each (%d), %d workers "
                + "(%d spammers, %d adversaries), refit every %d s, seed %d, %d cores%n", items, perItem, answers.size(),
                workers, crowd.spammers(), crowd.adversaries(), REFIT_SECONDS, seed,
                Runtime.getRuntime().availableProcessors());

        TestKafkaCluster.createTopics(Topics.catalogue().stream().map(TopicSpec::name).toList());
        final Path workDir = Files.createTempDirectory("labelstream-bench-replay-");
        try (LabelingService service = LabelingService.start(jar, TestPostgres.jdbcUrl(), TestPostgres.username(),
                TestPostgres.password(), TestKafkaCluster.bootstrapServers(), workDir)) {
            final Api api = new Api(service.baseUrl());
            final String imported = "replay-import";
            final String answered = "replay-answer";
            createProject(api, imported, perItem);
            createProject(api, answered, perItem);
            queue(api, imported, items);
            final Map<Integer, String> answeredTasks = queue(api, answered, oneByOne);

            final long importStart = System.nanoTime();
            final int accepted = importAnswers(api, imported, answers);
            final double importSeconds = (System.nanoTime() - importStart) / 1e9;
            System.out.printf(Locale.ROOT, "import: %d of %d answers accepted in %.1f s (%.0f answers/s)%n", accepted,
                    answers.size(), importSeconds, answers.size() / importSeconds);

            final long oneByOneStart = System.nanoTime();
            answerOneByOne(api, answered, answeredTasks, firstItems, workers);
            final double oneByOneSeconds = (System.nanoTime() - oneByOneStart) / 1e9;
            System.out.printf(Locale.ROOT,
                    "one by one: %d answers (claim + answer, %d threads) in %.1f s (%.0f answers/s)%n",
                    firstItems.size(), THREADS, oneByOneSeconds, firstItems.size() / oneByOneSeconds);

            final Map<Integer, JsonNode> importedLabels = settledLabels(api, imported);
            final Map<Integer, JsonNode> answeredLabels = settledLabels(api, answered);

            final Score mv = majorityVote(answers, truth, items);
            final Score ds = dawidSkene(answers, truth, items);
            final Score platform = score(importedLabels, truth, items);
            final Score mvFirst = majorityVote(firstItems, truth, oneByOne);
            final Score dsFirst = dawidSkene(firstItems, truth, oneByOne);
            final Score platformImportFirst = score(importedLabels, truth, oneByOne);
            final Score platformOneByOne = score(answeredLabels, truth, oneByOne);
            System.out.printf(Locale.ROOT, "%n| final labels | all %d items | first %d items |%n|---|---|---|%n", items,
                    oneByOne);
            row("majority vote (offline)", mv, mvFirst);
            row("Dawid-Skene (offline, one fit on all answers)", ds, dsFirst);
            row("labelstream, answers imported", platform, platformImportFirst);
            row("labelstream, answered one by one", null, platformOneByOne);
            System.out.printf(Locale.ROOT, "%nlabelstream (imported) - offline Dawid-Skene: %+.4f; revised labels: %d "
                    + "imported, %d one by one%n", platform.accuracy() - ds.accuracy(), revised(importedLabels),
                    revised(answeredLabels));
            refits(workDir.resolve("labeling.log"), imported);
        }
    }

    /** The service's refits of the project that changed labels, from its log: answers, revisions, time taken. */
    private static void refits(final Path log, final String project) throws IOException {
        final Pattern refit = Pattern.compile("Project " + project
                + ": refit on (\\d+) answers revised (\\d+) labels and broke (\\d+) ties in (\\d+) ms");
        try (var lines = Files.lines(log)) {
            lines.map(refit::matcher).filter(Matcher::find).forEach(m -> System.out.printf(Locale.ROOT,
                    "refit of %s on %s answers: %s labels revised, %s ties broken, %s ms%n", project, m.group(1),
                    m.group(2), m.group(3), m.group(4)));
        }
    }

    private static void row(final String name, final Score all, final Score first) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, all == null ? "-" : cell(all), cell(first));
    }

    private static String cell(final Score score) {
        return String.format(Locale.ROOT, "%.4f%s", score.accuracy(),
                score.undecided() > 0 ? " (" + score.undecided() + " undecided)" : "");
    }

    private static Score majorityVote(final List<CrowdAnswer> answers, final int[] truth, final int items) {
        final Map<Integer, List<Answer>> byItem = byItem(answers);
        double correct = 0;
        int ties = 0;
        for (int item = 0; item < items; item++) {
            final Consensus votes = MajorityVote.of(CLASSES.size(), byItem.getOrDefault(item, List.of()));
            correct += expectedCorrect(votes, truth[item]);
            ties += votes.isTie() ? 1 : 0;
        }
        return new Score(correct, items, ties);
    }

    private static Score dawidSkene(final List<CrowdAnswer> answers, final int[] truth, final int items) {
        final List<Answer> all = answers.stream()
                .map(a -> new Answer(Integer.toString(a.item()), Integer.toString(a.worker()), a.label())).toList();
        final DawidSkene.Fit fit = DawidSkene.fit(CLASSES.size(), all, Map.of());
        double correct = 0;
        int ties = 0;
        for (int item = 0; item < items; item++) {
            final Consensus posterior = fit.posteriors().get(Integer.toString(item));
            correct += expectedCorrect(posterior, truth[item]);
            ties += posterior.isTie() ? 1 : 0;
        }
        return new Score(correct, items, ties);
    }

    /** 1 when the winner is right, the right class's share of a tie, 0 otherwise. */
    private static double expectedCorrect(final Consensus consensus, final int truth) {
        if (consensus.winner().isPresent()) {
            return consensus.winner().get() == truth ? 1 : 0;
        }
        final double best = consensus.confidence();
        long tied = 0;
        for (final double p : consensus.posterior()) {
            tied += Math.abs(p - best) < 1e-9 ? 1 : 0;
        }
        return Math.abs(consensus.posterior()[truth] - best) < 1e-9 ? 1.0 / tied : 0;
    }

    private static Map<Integer, List<Answer>> byItem(final List<CrowdAnswer> answers) {
        final Map<Integer, List<Answer>> byItem = new HashMap<>();
        for (final CrowdAnswer a : answers) {
            byItem.computeIfAbsent(a.item(), i -> new ArrayList<>())
                    .add(new Answer(Integer.toString(a.item()), Integer.toString(a.worker()), a.label()));
        }
        return byItem;
    }

    private static Score score(final Map<Integer, JsonNode> labels, final int[] truth, final int items) {
        double correct = 0;
        int undecided = 0;
        for (int item = 0; item < items; item++) {
            final JsonNode label = labels.get(item);
            if (label == null) {
                undecided++;
            } else if (CLASSES.indexOf(label.path("label").asText()) == truth[item]) {
                correct++;
            }
        }
        return new Score(correct, items, undecided);
    }

    private static long revised(final Map<Integer, JsonNode> labels) {
        return labels.values().stream().filter(label -> label.path("revision").asInt(1) > 1).count();
    }

    private static void createProject(final Api api, final String project, final int perItem) throws Exception {
        final ObjectNode definition = Json.MAPPER.createObjectNode().put("id", project).put("name", project)
                .put("kind", "text").put("goldRate", 0.0);
        CLASSES.forEach(name -> definition.withArray("labels").addObject().put("name", name));
        definition.putObject("redundancy").put("minLabelers", perItem).put("maxLabelers", perItem)
                .put("agreementTarget", 0.9);
        definition.putObject("routing").put("autoLabelThreshold", 0.95).put("qaSampleRate", 0.0)
                .put("uncertaintyMeasure", "margin");
        definition.putObject("training").put("retrainEveryLabels", 0).put("promotionMargin", 0.0)
                .put("trainOnAutoLabels", false);
        definition.putObject("consensus").put("method", "dawid_skene").put("minAnswersForModel", 30)
                .put("refitEverySeconds", REFIT_SECONDS).put("stragglerAfterMinutes", 1440).put("stragglers", "decide");
        final HttpResponse<String> response = api.asAdmin("PUT", "/api/v1/projects/" + project,
                definition.toString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Cannot create " + project + ": " + response.body());
        }
    }

    /** Queues items 0 to count-1 in one bulk request; returns their task ids. */
    private static Map<Integer, String> queue(final Api api, final String project, final int count) throws Exception {
        final StringBuilder lines = new StringBuilder();
        for (int item = 0; item < count; item++) {
            lines.append("{\"itemId\":\"fm-").append(item).append("\",\"text\":\"Fashion-MNIST test image ")
                    .append(item).append("\"}\n");
        }
        final Map<Integer, String> tasks = new HashMap<>();
        for (final JsonNode result : ndjson(api.ndjsonAsAdmin("/api/v1/projects/" + project + "/tasks",
                lines.toString()))) {
            tasks.put(Integer.parseInt(result.path("itemId").asText().substring(3)), result.path("taskId").asText());
        }
        if (tasks.size() != count) {
            throw new IllegalStateException("Queued " + tasks.size() + " of " + count + " items");
        }
        return tasks;
    }

    private static int importAnswers(final Api api, final String project, final List<CrowdAnswer> answers)
            throws Exception {
        final StringBuilder lines = new StringBuilder();
        int k = 0;
        for (final CrowdAnswer answer : answers) {
            lines.append("{\"answerId\":\"a-").append(k++).append("\",\"worker\":\"w-").append(answer.worker())
                    .append("\",\"itemId\":\"fm-").append(answer.item()).append("\",\"label\":")
                    .append(Json.MAPPER.writeValueAsString(CLASSES.get(answer.label()))).append("}\n");
        }
        return (int) ndjson(api.ndjsonAsAdmin("/api/v1/projects/" + project + "/answers", lines.toString()))
                .stream().filter(result -> result.path("status").asText().equals("accepted")).count();
    }

    /** Every worker logs in; each item's answers go in the crowd's order, items spread over a few threads. */
    private static void answerOneByOne(final Api api, final String project, final Map<Integer, String> tasks,
            final List<CrowdAnswer> answers, final int workers) throws Exception {
        final String suffix = Long.toString(System.nanoTime(), 36);
        final List<String> tokens = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final String username = "crowd-" + w + "-" + suffix;
            api.asAdmin("POST", "/api/v1/accounts", "{\"username\":\"" + username
                    + "\",\"password\":\"crowd-password\",\"role\":\"labeler\"}");
            tokens.add(api.login(username, "crowd-password"));
        }
        final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                done.add(threads.submit(() -> {
                    int k = 0;
                    for (final CrowdAnswer answer : answers) {
                        if (answer.item() % THREADS == thread) {
                            final String token = tokens.get(answer.worker());
                            final String assignment = api.claim(token, project, tasks.get(answer.item()));
                            api.answer(token, assignment, thread + "-" + k++, CLASSES.get(answer.label()));
                        }
                    }
                    return null;
                }));
            }
            for (final Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The project's final labels once refits stop revising them: until two reads a refit period apart agree. */
    private static Map<Integer, JsonNode> settledLabels(final Api api, final String project) throws Exception {
        final Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        Map<Integer, JsonNode> previous = Map.of();
        while (Instant.now().isBefore(deadline)) {
            final Map<Integer, JsonNode> labels = new HashMap<>();
            final HttpResponse<String> export = api.asAdmin("GET", "/api/v1/projects/" + project + "/labels.jsonl", "");
            for (final String line : export.body().split("\n")) {
                if (!line.isBlank()) {
                    final JsonNode label = Json.MAPPER.readTree(line);
                    labels.put(Integer.parseInt(label.path("itemId").asText().substring(3)), label);
                }
            }
            if (!labels.isEmpty() && labels.equals(previous)) {
                return labels;
            }
            previous = labels;
            Thread.sleep((REFIT_SECONDS + 2) * 1000L);
        }
        throw new IllegalStateException("The labels of " + project + " did not settle within 10 minutes");
    }

    private static List<JsonNode> ndjson(final HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        final List<JsonNode> lines = new ArrayList<>();
        for (final String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    /** The first {@code count} labels of the Fashion-MNIST test set (IDX format, gzip). */
    private static int[] fashionMnistTestLabels(final int count) throws IOException {
        final String dir = System.getenv("LABELSTREAM_FASHION_MNIST");
        if (dir == null) {
            throw new IllegalStateException("LABELSTREAM_FASHION_MNIST is not set; run datasets/install");
        }
        try (InputStream file = Files.newInputStream(Path.of(dir, "t10k-labels-idx1-ubyte.gz"));
                DataInputStream in = new DataInputStream(new GZIPInputStream(file))) {
            if (in.readInt() != 2049) {
                throw new IOException("Not an IDX label file");
            }
            final int available = in.readInt();
            if (count > available) {
                throw new IllegalArgumentException("The test set has " + available + " items");
            }
            final int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }
}
