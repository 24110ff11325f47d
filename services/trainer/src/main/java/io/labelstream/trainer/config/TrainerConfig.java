package io.labelstream.trainer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the trainer service, under {@code labelstream.trainer}. */
@ConfigMapping(prefix = "labelstream.trainer")
public interface TrainerConfig {

    /** Root of the content-addressed model artifact store ({@code sha256/xx/<sha256>.zip}); shared with inference. */
    @WithDefault(".labelstream/models")
    Path modelStore();

    /** Consumer group of the trainer's topic follower. */
    @WithDefault("labelstream-trainer")
    String consumerGroup();

    /** Runs that may train at the same time across projects (a project never has more than one). */
    @WithDefault("1")
    int concurrentRuns();

    /** Train projects with labels newer than their last run at this interval; absent means no schedule. */
    Optional<Duration> schedule();

    /**
     * How often every project's new-labels watermark ({@code retrainEveryLabels}) is checked, besides on each label
     * and at the end of each run: labels that came when no run could start still get one.
     */
    @WithDefault("30s")
    Duration watermarkCheck();

    /**
     * How long a queued or running run stays claimed by its trainer without a heartbeat. Trainers renew their runs'
     * leases several times per lease; any trainer fails a run whose lease ran out, because its trainer is gone.
     */
    @WithDefault("2m")
    Duration runLease();

    /**
     * Bearer token of the admin API (starting runs, snapshots, exports, promotion, rollback). Unset, one is generated
     * into {@link #generatedAdminTokenFile()} on first start and read from there afterwards.
     */
    Optional<String> adminToken();

    /** Where a generated admin token is kept when {@link #adminToken()} is unset. */
    @WithDefault("admin-token")
    Path generatedAdminTokenFile();

    /**
     * Requests with a missing or wrong admin token a client address may make per {@link #failedTokenPeriod()}; then
     * its admin requests get 429 with {@code Retry-After}, before any token is checked.
     */
    @WithDefault("10")
    int failedTokensPerAddress();

    @WithDefault("1m")
    Duration failedTokenPeriod();

    /** Stamped on every registered model, so that a model can be traced to the code that trained it. */
    @WithDefault("${quarkus.application.version:dev}")
    String codeVersion();

    Search search();

    Split split();

    /** Random hyperparameter search on the validation split. */
    interface Search {

        /** Trials per run; 1 trains the architecture's defaults only. */
        @WithDefault("3")
        int trials();

        /** Wall time the search may use; no new trial or epoch starts after it. */
        @WithDefault("30m")
        Duration budget();

        /** Caps every trial's epochs below the architecture's default when set. */
        Optional<Integer> maxEpochs();

        /** Replaces the architecture's default learning rate when set; later trials sample around it. */
        Optional<Double> learningRate();

        /** Replaces the architecture's minimum examples drawn per epoch (the CNN's: 10,000) when set; 0 turns it off. */
        Optional<Integer> minEpochSamples();

        @WithDefault("42")
        long seed();
    }

    /** Fractions of the deterministic split; the test split takes the rest. */
    interface Split {

        @WithDefault("0.8")
        double train();

        @WithDefault("0.1")
        double validation();
    }
}
