package io.labelstream.labeling.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.labelstream.cleaning.CleaningLimitsConfig;
import io.labelstream.schemas.events.Project;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the labeling service, under {@code labelstream.labeling}. */
@ConfigMapping(prefix = "labelstream.labeling")
public interface LabelingConfig {

    Assignment assignment();

    Consensus consensus();

    Quality quality();

    Tasks tasks();

    Outbox outbox();

    Security security();

    Operations operations();

    Reroute reroute();

    interface Assignment {

        /** How long a labeler holds a task before it goes back to the queue. */
        @WithDefault("10m")
        Duration lease();

        /** How often expired leases are given back to the queue. */
        @WithDefault("5s")
        Duration expiryEvery();

        /** Flags (irrelevant, unclear, offensive) after which an item leaves the queue for an admin to review. */
        @WithDefault("2")
        int flagsToPark();
    }

    /**
     * The consensus policy of projects whose definition does not set one; it is filled into every project created
     * or changed without one, so what a project uses is published with it.
     */
    interface Consensus {

        /** {@code dawid-skene} (majority vote until the project has enough answers) or {@code majority-vote}. */
        @WithDefault("dawid-skene")
        Project.ConsensusMethod method();

        /** Counted answers a project needs before the labelers' quality is fitted. */
        @WithDefault("30")
        int minAnswersForModel();

        /** How often each project's labeler-quality fit is renewed. */
        @WithDefault("30s")
        Duration refitEvery();

        /** How long an item with some but not all wanted answers waits after its last answer. */
        @WithDefault("24h")
        Duration stragglerAfter();

        /** What becomes of such an item: {@code decide} on its answers, or hand it to the {@code admin}s. */
        @WithDefault("decide")
        Project.StragglerPolicy stragglers();

        /** How often the service looks for projects due a refit and for stragglers. */
        @WithDefault("5s")
        Duration checkEvery();
    }

    interface Quality {

        /** Gold answers a labeler gives before their gold accuracy can suspend them. */
        @WithDefault("5")
        int minGoldAnswers();

        /** Gold accuracy below which a labeler is suspended in the project. */
        @WithDefault("0.6")
        double minGoldAccuracy();
    }

    /** The consumer of {@code tasks.labeling}, and the limits of images that admins queue directly. */
    interface Tasks extends CleaningLimitsConfig {

        /** Whether this instance consumes {@code tasks.labeling}. */
        @WithDefault("true")
        boolean consume();

        @WithDefault("labelstream-labeling")
        String consumerGroup();
    }

    interface Outbox {

        /** Whether this instance runs a relay (only one instance relays at a time, the others stand by). */
        @WithDefault("true")
        boolean relay();

        @WithDefault("500")
        int batchSize();

        /** How long the relay waits when the outbox is empty. */
        @WithDefault("100ms")
        Duration idleWait();

        /** How long the relay waits after a failure (Kafka or the database unreachable) before it tries again. */
        @WithDefault("2s")
        Duration retryWait();

        /** How long published outbox rows are kept for inspection before they are deleted. */
        @WithDefault("7d")
        Duration keepPublished();

        /** The Kafka transactional id; a restarted relay with the same id fences the one it replaces. */
        @WithDefault("labelstream-labeling-outbox")
        String transactionalId();
    }

    /** Routing work again that was queued before its project had a model (needs the inference URL). */
    interface Reroute {

        /** How often open, untouched cold-start tasks of each project are offered to inference for routing. */
        @WithDefault("30s")
        Duration every();

        /** Tasks per transaction, and per request to inference (a larger batch than it takes is sent in halves). */
        @WithDefault("32")
        int batch();

        /** How long one routing request may take; the batch's rows stay locked meanwhile. */
        @WithDefault("20s")
        Duration timeout();

        /**
         * How much better a new champion must be than the one it replaced (its promotion check, on the same test
         * split) for the items that model was unsure of to be routed again by the new one.
         */
        @WithDefault("0.02")
        double minGain();
    }

    interface Operations {

        /** Whether this instance follows {@code models} and {@code training.progress} for the operators' dashboard. */
        @WithDefault("true")
        boolean follow();

        /** How many hours of final labels the dashboard's labels-per-hour plot covers. */
        @WithDefault("48")
        int labelHours();

        /** The inference service whose live accuracy per model version the dashboard shows; unset: not shown. */
        Optional<URI> inferenceUrl();

        /** How long the dashboard waits for inference's live accuracy. */
        @WithDefault("2s")
        Duration inferenceTimeout();
    }

    interface Security {

        /** How long a session token from {@code POST /api/v1/sessions} stays valid. */
        @WithDefault("12h")
        Duration sessionLifetime();

        /** Failed log-ins (wrong password, unknown account) allowed per account in each {@link #failedLoginPeriod()}. */
        @WithDefault("5")
        int failedLoginsPerAccount();

        /** Failed log-ins and unknown bearer tokens allowed per client address in each period. */
        @WithDefault("20")
        int failedLoginsPerAddress();

        /** The period of those limits; after a limit is reached, log-ins wait for the next period (429). */
        @WithDefault("1m")
        Duration failedLoginPeriod();

        /** The admin created at the first start, when no admin exists. */
        @WithDefault("admin")
        String bootstrapAdmin();

        /** Its password; when unset a random one is generated and written to {@link #bootstrapAdminPasswordFile()}. */
        Optional<String> bootstrapAdminPassword();

        @WithDefault("admin-password")
        String bootstrapAdminPasswordFile();
    }
}
