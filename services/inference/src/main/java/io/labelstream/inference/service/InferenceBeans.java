package io.labelstream.inference.service;

import java.time.Clock;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.labelstream.inference.config.InferenceConfig;
import io.labelstream.inference.domain.Router;
import io.labelstream.ml.artifact.DirectoryArtifactStore;
import io.micrometer.core.instrument.MeterRegistry;

/** The plain objects of the service, made once from its configuration. */
public class InferenceBeans {

    @Produces
    @Singleton
    ModelRegistry modelRegistry(final InferenceConfig config) {
        final InferenceConfig.Predictors predictors = config.predictors();
        final int poolSize = predictors.poolSize().orElse(ModelRegistry.defaultPoolSize());
        return new ModelRegistry(new DirectoryArtifactStore(config.resolvedModelStore()), poolSize, predictors.minChunk(),
                predictors.maxForwardPass(), predictors.torchThreads(),
                predictors.torchInteropThreads());
    }

    void closeModels(@Disposes final ModelRegistry registry) {
        registry.close();
    }

    @Produces
    @Singleton
    ProjectDirectory projectDirectory() {
        return new ProjectDirectory();
    }

    @Produces
    @Singleton
    Router router(final InferenceConfig config) {
        return new Router(Clock.systemUTC(), config.routing().topK());
    }

    @Produces
    @Singleton
    OnlinePrediction onlinePrediction(final ModelRegistry registry, final ProjectDirectory projects,
            final Router router, final InferenceConfig config) {
        return new OnlinePrediction(registry, projects, router, config.predict().cleaningLimits(), Clock.systemUTC(),
                config.predict().maxItems());
    }

    @Produces
    @Singleton
    FeedbackView feedbackView(final MeterRegistry meters) {
        return new FeedbackView(meters);
    }

    @Produces
    @Singleton
    PredictionMetrics predictionMetrics(final MeterRegistry meters) {
        return new PredictionMetrics(meters);
    }
}
