package io.labelstream.schemas;

import io.labelstream.schemas.events.CleanItem;
import io.labelstream.schemas.events.DuplicateItem;
import io.labelstream.schemas.events.Label;
import io.labelstream.schemas.events.LabelingTask;
import io.labelstream.schemas.events.ModelEvent;
import io.labelstream.schemas.events.Prediction;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.Rejection;
import io.labelstream.schemas.events.TrainingProgress;

/**
 * Every event type with its JSON Schema and the Java type that carries it. The schema of version N of an event
 * lives at {@code schemas/<schemaName>/v<N>.json} on the classpath.
 */
public enum EventType {
    RAW_ITEM("raw-item", RawItem.VERSION, RawItem.class),
    CLEAN_ITEM("clean-item", CleanItem.VERSION, CleanItem.class),
    DUPLICATE_ITEM("duplicate-item", DuplicateItem.VERSION, DuplicateItem.class),
    REJECTION("rejection", Rejection.VERSION, Rejection.class),
    PREDICTION("prediction", Prediction.VERSION, Prediction.class),
    LABELING_TASK("labeling-task", LabelingTask.VERSION, LabelingTask.class),
    LABEL("label", Label.VERSION, Label.class),
    MODEL_EVENT("model-event", ModelEvent.VERSION, ModelEvent.class),
    TRAINING_PROGRESS("training-progress", TrainingProgress.VERSION, TrainingProgress.class),
    PROJECT("project", Project.VERSION, Project.class);

    private final String schemaName;
    private final int currentVersion;
    private final Class<?> javaType;

    EventType(final String schemaName, final int currentVersion, final Class<?> javaType) {
        this.schemaName = schemaName;
        this.currentVersion = currentVersion;
        this.javaType = javaType;
    }

    public String schemaName() {
        return schemaName;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public Class<?> javaType() {
        return javaType;
    }

    public String schemaResource(final int version) {
        return "schemas/" + schemaName + "/v" + version + ".json";
    }
}
