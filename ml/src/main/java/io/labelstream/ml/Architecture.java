package io.labelstream.ml;

import ai.djl.nn.Block;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonValue;
import io.labelstream.ml.arch.FastTextClassifier;
import io.labelstream.ml.arch.SmallAlexNet;
import io.labelstream.schemas.events.ItemKind;
import java.util.Arrays;

/** The model families the platform trains; the id is what manifests, the registry and {@code models} events name. */
public enum Architecture {
    ALEXNET_SMALL("alexnet-small", ItemKind.image),
    FASTTEXT("fasttext", ItemKind.text);

    private final String id;
    private final ItemKind kind;

    Architecture(final String id, final ItemKind kind) {
        this.id = id;
        this.kind = kind;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public ItemKind kind() {
        return kind;
    }

    public static Architecture forKind(final ItemKind kind) {
        return kind == ItemKind.image ? ALEXNET_SMALL : FASTTEXT;
    }

    public static Architecture fromId(final String id) {
        return Arrays.stream(values())
                .filter(architecture -> architecture.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown architecture: " + id));
    }

    /** A fresh, uninitialized block; outputs logits (softmax is applied by the loss and by the translators). */
    public Block newBlock(final InputSpec input, final int classes, final Hyperparameters hyperparameters) {
        return switch (this) {
            case ALEXNET_SMALL -> SmallAlexNet.build(input, classes, hyperparameters);
            case FASTTEXT -> FastTextClassifier.build(input, classes, hyperparameters);
        };
    }

    /** Input shapes of one batch of size one, for {@code Trainer.initialize} and for loading parameters. */
    public Shape[] inputShapes(final InputSpec input) {
        return switch (this) {
            case ALEXNET_SMALL -> new Shape[] {new Shape(1, input.channels(), input.height(), input.width())};
            case FASTTEXT -> new Shape[] {new Shape(1, input.maxFeatures()), new Shape(1, input.maxFeatures())};
        };
    }
}
