package io.labelstream.platform.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One member of the crowd, working as a person does in the web UI: asks for the next item, looks at it for a while,
 * answers (or skips what it cannot judge), and again. An honest labeler answers the true label with its accuracy and
 * otherwise one of the other labels; a spammer answers at random; an adversary always answers the label after the
 * true one.
 */
final class SimulatedLabeler implements Runnable {

    enum Kind {
        honest,
        spammer,
        adversary
    }

    /** How it went: answers, and of those with a known truth how many were right. */
    record Tally(String username, Kind kind, int answers, int known, int right, int skipped, boolean suspended) {
    }

    private final LabelingApi api;
    private final String project;
    private final String username;
    private final String token;
    private final Kind kind;
    private final double accuracy;
    private final double meanAnswerMillis;
    private final List<String> labels;
    private final TruthIndex truth;
    private final Crowd crowd;
    private final Random random;
    // written by the labeler's thread, read by the summary (perhaps from a shutdown hook while it still works)
    private volatile int answers;
    private volatile int known;
    private volatile int right;
    private volatile int skipped;
    private volatile boolean suspended;

    /** What the labelers share: the answer budget left and when the queue last had work. */
    static final class Crowd {
        private final AtomicInteger budget;
        private final long idleExitNanos;
        private volatile long lastWork = System.nanoTime();

        Crowd(final int budget, final long idleExitNanos) {
            this.budget = new AtomicInteger(budget <= 0 ? Integer.MAX_VALUE : budget);
            this.idleExitNanos = idleExitNanos;
        }

        boolean done() {
            return budget.get() <= 0 || System.nanoTime() - lastWork > idleExitNanos;
        }
    }

    SimulatedLabeler(final LabelingApi api, final String project, final String username, final String token,
            final Kind kind, final double accuracy, final double meanAnswerMillis, final List<String> labels,
            final TruthIndex truth, final Crowd crowd, final long seed) {
        this.api = api;
        this.project = project;
        this.username = username;
        this.token = token;
        this.kind = kind;
        this.accuracy = accuracy;
        this.meanAnswerMillis = meanAnswerMillis;
        this.labels = labels;
        this.truth = truth;
        this.crowd = crowd;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        try {
            while (!crowd.done()) {
                final Optional<JsonNode> next = api.next(token, project);
                if (next.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(500);
                    continue;
                }
                crowd.lastWork = System.nanoTime();
                work(next.get());
            }
        } catch (final LabelingApi.Refused e) {
            suspended = true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final IOException e) {
            System.err.printf("%s stopped: %s%n", username, e.getMessage());
        }
    }

    private void work(final JsonNode assignment) throws IOException, InterruptedException {
        final String id = assignment.path("assignmentId").asText();
        final Optional<String> trueLabel = assignment.hasNonNull("imagePng")
                ? truth.labelOfImage(assignment.path("imagePng").asText())
                : truth.labelOfText(assignment.path("text").asText());
        // a log-normal answer time with the labeler's mean: most answers quick, some slow
        final double sigma = 0.6;
        final double millis = meanAnswerMillis * Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
        TimeUnit.MICROSECONDS.sleep((long) (millis * 1000));
        if (trueLabel.isEmpty() && kind == Kind.honest) {
            api.skip(token, id, "not in the data set this crowd knows");
            skipped++;
            return;
        }
        if (crowd.budget.getAndDecrement() <= 0) {
            return;
        }
        final String label = answer(trueLabel.orElse(null));
        final LabelingApi.Answer answer = api.answer(token, id, UUID.randomUUID().toString(), label);
        if (answer.status() == 200) {
            answers++;
            if (trueLabel.isPresent()) {
                known++;
                right += label.equals(trueLabel.get()) ? 1 : 0;
            }
        }
    }

    private String answer(final String trueLabel) {
        if (kind == Kind.spammer || trueLabel == null) {
            return labels.get(random.nextInt(labels.size()));
        }
        final int truth = labels.indexOf(trueLabel);
        if (kind == Kind.adversary) {
            return labels.get((truth + 1) % labels.size());
        }
        if (random.nextDouble() < accuracy) {
            return trueLabel;
        }
        final int other = random.nextInt(labels.size() - 1);
        return labels.get(other >= truth ? other + 1 : other);
    }

    Tally tally() {
        return new Tally(username, kind, answers, known, right, skipped, suspended);
    }
}
