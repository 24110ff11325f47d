package io.labelstream.ml;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.labelstream.schemas.events.ItemKind;

/**
 * What a model reads: the image geometry for image models, the hashing featurizer's settings for text models.
 * Stored in the manifest so that inference featurizes exactly as training did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputSpec(
        ItemKind kind,
        Integer width,
        Integer height,
        Integer channels,
        Integer buckets,
        Integer maxFeatures,
        Integer wordNgrams,
        Integer charNgramMin,
        Integer charNgramMax,
        Integer maxChars) {

    public static InputSpec image(final int width, final int height, final int channels) {
        return new InputSpec(ItemKind.image, width, height, channels, null, null, null, null, null, null);
    }

    /** Defaults sized for e-mails: word uni- and bigrams plus character 3- to 5-grams of each word. */
    public static InputSpec text() {
        return text(1 << 16, 1024);
    }

    public static InputSpec text(final int buckets, final int maxFeatures) {
        return new InputSpec(ItemKind.text, null, null, null, buckets, maxFeatures, 2, 3, 5, 20_000);
    }
}
