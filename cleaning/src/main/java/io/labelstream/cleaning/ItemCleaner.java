package io.labelstream.cleaning;

import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.events.RejectReason;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a valid raw item of a known project into a {@link NormalizedItem}: readable text or a target-size image,
 * its content hash and similarity hash, and the project's filters applied. Every refusal is an
 * {@link ItemRejectedException} with its reason.
 */
public final class ItemCleaner {

    private final CleaningLimits limits;
    private final ImageNormalizer images;
    private final ProjectFilters filters;

    public ItemCleaner(final CleaningLimits limits) {
        this.limits = limits;
        this.images = new ImageNormalizer(limits.image());
        this.filters = new ProjectFilters(new LanguageIdentifier(limits.languageSampleChars()));
    }

    public NormalizedItem clean(final RawItem raw, final Project project, final RawRef lineage) {
        requireProject(raw.project(), project, raw.kind());
        final boolean imageType = raw.contentType().startsWith("image/");
        if (imageType != (raw.kind() == ItemKind.image)) {
            throw new ItemRejectedException(RejectReason.WRONG_KIND,
                    "Content type " + raw.contentType() + " does not fit a " + raw.kind() + " item.");
        }
        return raw.kind() == ItemKind.text ? cleanText(raw, project, lineage) : cleanImage(raw, project, lineage);
    }

    /**
     * Refuses an item of an unknown project (the named one resolved to {@code project}, null when not defined) or
     * of a kind the project does not take; a null kind is not checked.
     */
    public static void requireProject(final String named, final Project project, final ItemKind kind) {
        if (project == null) {
            throw new ItemRejectedException(RejectReason.UNKNOWN_PROJECT, "Project '" + named + "' is not defined.");
        }
        if (kind != null && kind != project.kind()) {
            throw new ItemRejectedException(RejectReason.WRONG_KIND,
                    "Project '" + project.id() + "' takes " + project.kind() + " items, not " + kind + ".");
        }
    }

    private NormalizedItem cleanText(final RawItem raw, final Project project, final RawRef lineage) {
        if (raw.content().length() > limits.maxTextChars()) {
            throw new ItemRejectedException(RejectReason.TEXT_TOO_LONG, "The content has " + raw.content().length()
                    + " characters; at most " + limits.maxTextChars() + " are read.");
        }
        final String text = TextNormalizer.normalize(readable(raw));
        if (text.isEmpty()) {
            throw new ItemRejectedException(RejectReason.EMPTY_TEXT, "No readable text is left after normalization.");
        }
        final Optional<String> language = filters.apply(project.filters(), text);
        final String sha = ContentHash.sha256(text);
        return new NormalizedItem(ContentHash.itemId(project.id(), sha), project.id(), ItemKind.text, text, null,
                null, null, null, language.orElse(null), sha, SimilarityHash.of(SimHash.of(text)), lineage, metadata(raw));
    }

    private String readable(final RawItem raw) {
        return switch (raw.contentType()) {
            case "text/html" -> HtmlText.toText(raw.content());
            case "message/rfc822" -> EmailText.toText(raw.content(), limits.maxMailParts());
            default -> raw.content();
        };
    }

    private NormalizedItem cleanImage(final RawItem raw, final Project project, final RawRef lineage) {
        final NormalizedImage image = images.normalize(raw.content(), project.image());
        final String sha = ContentHash.sha256(image.pixels());
        return new NormalizedItem(ContentHash.itemId(project.id(), sha), project.id(), ItemKind.image, null,
                Base64.getEncoder().encodeToString(image.png()), image.width(), image.height(), image.channels(),
                null, sha, image.perceptualHash(), lineage, metadata(raw));
    }

    private static Map<String, String> metadata(final RawItem raw) {
        return raw.metadata() == null || raw.metadata().isEmpty() ? null : raw.metadata();
    }
}
