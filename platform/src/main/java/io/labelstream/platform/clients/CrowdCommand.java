package io.labelstream.platform.clients;

import io.labelstream.schemas.events.Project;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./labelstream crowd}: plays the crowd. */
@Command(name = "crowd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulated labelers working on a project through the labeling service's public REST API, as "
                + "people do in the web UI: log in, take the next item, answer it from the demo data set's true "
                + "label (or skip), again.",
            "Honest labelers answer right with their accuracy; spammers answer at random; adversaries always answer "
                + "wrong. How fast each one works is long-tailed, so a few labelers give most of the answers. The "
                + "labelers are new accounts, created with the admin's password. Stops after the answer budget, or "
                + "when the queue has been empty for --idle-exit seconds; then prints a line per labeler."})
public final class CrowdCommand implements Callable<Integer> {

    @Option(names = "--project", required = true, description = "The project to label.")
    String project;

    @Option(names = "--dataset", description = "The demo data set whose true labels the crowd knows: "
            + "${COMPLETION-CANDIDATES} (default: the project's name).")
    DemoData dataset;

    @Option(names = "--labelers", defaultValue = "5", description = "How many (default: ${DEFAULT-VALUE}).")
    int labelers;

    @Option(names = "--accuracy", defaultValue = "0.9",
            description = "An honest labeler's share of right answers (default: ${DEFAULT-VALUE}).")
    double accuracy;

    @Option(names = "--spammers", defaultValue = "0",
            description = "Share of labelers answering at random (default: ${DEFAULT-VALUE}).")
    double spammers;

    @Option(names = "--adversaries", defaultValue = "0",
            description = "Share of labelers answering wrong on purpose (default: ${DEFAULT-VALUE}).")
    double adversaries;

    @Option(names = "--answer-time", defaultValue = "1000",
            description = "Typical milliseconds a labeler looks at an item (default: ${DEFAULT-VALUE}).")
    double answerMillis;

    @Option(names = "--answers", defaultValue = "0",
            description = "Answers the whole crowd gives at most; 0: until the queue stays empty (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--idle-exit", defaultValue = "30",
            description = "Seconds of an empty queue after which the crowd stops (default: ${DEFAULT-VALUE}).")
    int idleExitSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the crowd (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--labeling-url", defaultValue = "${env:LABELSTREAM_LABELING_URL:-http://127.0.0.1:8080}",
            description = "The labeling service (default: ${DEFAULT-VALUE}).")
    URI labelingUrl;

    @Option(names = "--admin", defaultValue = "admin", description = "Admin account (default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--admin-password", defaultValue = "${env:LABELSTREAM_LABELING_ADMIN_PASSWORD}",
            description = "Its password (default: $LABELSTREAM_LABELING_ADMIN_PASSWORD, else the password file "
                    + "under $LABELSTREAM_HOME).")
    String adminPassword;

    private final PrintStream out = System.out;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new CrowdCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        final String password = adminPassword != null && !adminPassword.isBlank() ? adminPassword
                : DatasetDirectories.adminPassword();
        final LabelingApi api = new LabelingApi(labelingUrl);
        final Project definition = api.project(admin, password, project);
        final DemoData data = dataset != null ? dataset : DemoData.valueOf(project);
        out.printf("reading the true labels of %s...%n", data);
        final TruthIndex truth = TruthIndex.of(data, definition);
        out.printf("%d items known%n", truth.size());

        final Random random = new Random(seed);
        final SimulatedLabeler.Crowd crowd = new SimulatedLabeler.Crowd(budget,
                Duration.ofSeconds(idleExitSeconds).toNanos());
        final String run = UUID.randomUUID().toString().substring(0, 6);
        final List<SimulatedLabeler> members = new ArrayList<>();
        for (int i = 0; i < labelers; i++) {
            final String username = "crowd-" + run + "-" + (i + 1);
            final String secret = UUID.randomUUID().toString();
            api.createLabeler(admin, password, username, secret);
            final double draw = random.nextDouble();
            final SimulatedLabeler.Kind kind = draw < spammers ? SimulatedLabeler.Kind.spammer
                    : draw < spammers + adversaries ? SimulatedLabeler.Kind.adversary : SimulatedLabeler.Kind.honest;
            // Pareto speeds (shape 1.5): a few labelers are many times faster than most
            final double speed = Math.pow(1 - random.nextDouble(), -1 / 1.5);
            members.add(new SimulatedLabeler(api, project, username, api.session(username, secret), kind, accuracy,
                    answerMillis / speed, definition.labels().stream().map(Project.LabelDefinition::name).toList(),
                    truth, crowd, random.nextLong()));
        }
        out.printf("%d labelers at work on %s%n", members.size(), project);
        // stopped with Ctrl-C, the crowd still says what it did
        final Thread summary = new Thread(() -> report(members));
        Runtime.getRuntime().addShutdownHook(summary);
        final List<Thread> threads = new ArrayList<>();
        for (final SimulatedLabeler member : members) {
            final Thread thread = new Thread(member, "crowd-" + (threads.size() + 1));
            thread.start();
            threads.add(thread);
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        Runtime.getRuntime().removeShutdownHook(summary);
        return report(members) > 0 ? 0 : 1;
    }

    /** A line per labeler; returns the answers of all. */
    private int report(final List<SimulatedLabeler> members) {
        out.printf("%-20s %-10s %8s %9s %8s %10s%n", "labeler", "kind", "answers", "accuracy", "skipped",
                "suspended");
        int total = 0;
        for (final SimulatedLabeler member : members) {
            final SimulatedLabeler.Tally tally = member.tally();
            total += tally.answers();
            out.printf("%-20s %-10s %8d %9s %8d %10s%n", tally.username(), tally.kind(), tally.answers(),
                    tally.known() == 0 ? "-" : String.format("%.3f", tally.right() / (double) tally.known()),
                    tally.skipped(), tally.suspended() ? "yes" : "no");
        }
        out.printf("%d answers in all%n", total);
        return total;
    }
}
