package io.labelstream.cleaning;

import io.smallrye.config.WithDefault;

/**
 * The cleaning limits as a configuration group. A service's configuration mapping extends it, so that ingest's
 * topology, inference's predict endpoint and labeling's queued items read the same settings with the same defaults.
 */
public interface CleaningLimitsConfig {

    /** Text content above this many characters is rejected before parsing, whatever the project allows. */
    @WithDefault("1048576")
    int maxTextChars();

    /** Encoded images above this many bytes are refused before decoding. */
    @WithDefault("8388608")
    int maxImageBytes();

    /** Images declaring a side longer than this are refused before decoding. */
    @WithDefault("16384")
    int maxImageSide();

    /** Images declaring more pixels than this are refused before decoding. */
    @WithDefault("40000000")
    long maxImagePixels();

    /**
     * PNGs whose rows inflate to more bytes than this are refused before decoding: the decoder inflates every row
     * in full, about 3 ms per MiB, so this bounds the dearest image (16-bit RGBA: 8 megapixels; 8-bit RGB: 22).
     */
    @WithDefault("67108864")
    long maxImageDecodedBytes();

    /**
     * Messages with more MIME parts than this are refused before they are parsed: every part costs the parser about
     * a tenth of a millisecond, and the 6,044 messages of the SpamAssassin corpus have at most 22.
     */
    @WithDefault("100")
    int maxMailParts();

    /** Characters read to detect a text's language: detection costs about a millisecond per 1,000. */
    @WithDefault("400")
    int languageSampleChars();

    /** These limits, for raw values of at most {@code maxRecordBytes}. */
    default CleaningLimits cleaningLimits(final int maxRecordBytes) {
        return new CleaningLimits(maxRecordBytes, maxTextChars(), maxMailParts(), imageLimits(this),
                languageSampleChars());
    }

    /** Static, not a default method: the configuration mapping would take a method without parameters for a setting. */
    static ImageLimits imageLimits(final CleaningLimitsConfig config) {
        return new ImageLimits(config.maxImageBytes(), config.maxImageSide(), config.maxImagePixels(),
                config.maxImageDecodedBytes());
    }
}
