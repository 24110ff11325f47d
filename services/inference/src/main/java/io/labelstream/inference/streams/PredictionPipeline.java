package io.labelstream.inference.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.domain.Router;
import io.labelstream.inference.kafka.TopicFollower;
import io.labelstream.inference.service.ChampionFollower;
import io.labelstream.inference.service.ModelRegistry;
import io.labelstream.inference.service.PredictionMetrics;
import io.labelstream.inference.service.ProjectDirectory;
import io.labelstream.schemas.Topics;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Project;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Starts the service's Kafka side in order: follow {@code projects} and {@code models} from the beginning, wait
 * until both are replayed and the champions are loaded, then start the prediction loops. Predicting earlier would
 * route items of projects that do have a champion as cold starts.
 */
@ApplicationScoped
public class PredictionPipeline {

    private static final Logger LOG = Logger.getLogger(PredictionPipeline.class);

    private final InferenceConfig config;
    private final Map<String, Object> kafka;
    private final ModelRegistry registry;
    private final ProjectDirectory projects;
    private final Router router;
    private final PredictionMetrics metrics;
    private final List<PredictionLoop> loops = new ArrayList<>();
    private TopicFollower<Project> projectFollower;
    private TopicFollower<ModelEvent> modelFollower;
    private Thread starter;
    private volatile boolean replayed;

    @Inject
    PredictionPipeline(final InferenceConfig config, @Identifier("default-kafka-broker") final Map<String, Object> kafka,
            final ModelRegistry registry, final ProjectDirectory projects, final Router router,
            final PredictionMetrics metrics, final MeterRegistry meters) {
        this.config = config;
        this.kafka = kafka;
        this.registry = registry;
        this.projects = projects;
        this.router = router;
        this.metrics = metrics;
        Gauge.builder("labelstream.inference.models.open", registry, ModelRegistry::openModels)
                .description("Loaded models not yet closed: champions and retired ones finishing a batch")
                .register(meters);
    }

    void onStart(@Observes final StartupEvent event) {
        LOG.infof("Model artifacts come from %s", config.resolvedModelStore().toAbsolutePath());
        projectFollower = new TopicFollower<>(kafka, Topics.PROJECTS, Project.class, projects).start();
        modelFollower = new TopicFollower<>(kafka, Topics.MODELS, ModelEvent.class, new ChampionFollower(registry))
                .start();
        starter = new Thread(this::startAfterReplay, "prediction-pipeline-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startAfterReplay() {
        try {
            if (!projectFollower.awaitCaughtUp(config.startupReplayTimeout())
                    || !modelFollower.awaitCaughtUp(config.startupReplayTimeout())) {
                LOG.errorf("projects and models were not replayed within %s; predictions do not start",
                        config.startupReplayTimeout());
                return;
            }
            replayed = true;
            LOG.infof("Replayed projects and models; champions: %s", registry.championVersions());
            startLoops();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the champions are known and the prediction loops run, and while they and the followers live. */
    public boolean isRunning() {
        synchronized (loops) {
            return replayed && !loops.isEmpty() && loops.stream().allMatch(PredictionLoop::isAlive)
                    && projectFollower.isAlive() && modelFollower.isAlive();
        }
    }

    /** True once every prediction loop has received its first assignment from the group. */
    public boolean isAssigned() {
        synchronized (loops) {
            return !loops.isEmpty() && loops.stream().allMatch(loop -> loop.firstAssignment().received());
        }
    }

    /** False when a loop or a follower died of a failure it could not recover from; a restart is the cure. */
    public boolean isHealthy() {
        synchronized (loops) {
            return !replayed || loops.stream().allMatch(PredictionLoop::isAlive)
                    && projectFollower.isAlive() && modelFollower.isAlive();
        }
    }

    public boolean isReplayed() {
        return replayed;
    }

    public void startLoops() {
        synchronized (loops) {
            if (!loops.isEmpty()) {
                return;
            }
            for (int i = 0; i < config.batching().loops(); i++) {
                final PredictionLoop loop = newLoop(i);
                loops.add(loop);
                loop.start();
            }
        }
    }

    /** Stops the loops after their current batch; nothing is lost, the next start resumes at the committed offset. */
    public void stopLoops() {
        synchronized (loops) {
            loops.forEach(PredictionLoop::close);
            loops.clear();
        }
    }

    /** A loop as {@link #startLoops()} makes it, with the same transactional id as loop {@code index}. */
    public PredictionLoop newLoop(final int index) {
        final String transactionalId = "labelstream-inference-" + config.instanceId() + "-" + index;
        return new PredictionLoop(kafka, new PredictionLoop.Settings(config.groupId(), transactionalId,
                config.staticMembership(), config.batching().maxSize(), config.batching().maxWait(),
                config.batching().maxPredictTime(), config.batching().transactionTimeout()),
                registry, projects, router, metrics);
    }

    @PreDestroy
    void stop() {
        if (starter != null) {
            starter.interrupt();
        }
        stopLoops();
        if (modelFollower != null) {
            modelFollower.close();
        }
        if (projectFollower != null) {
            projectFollower.close();
        }
    }
}
