package io.labelstream.ingest.streams;

import io.labelstream.cleaning.CleaningLimits;
import io.labelstream.cleaning.ImageLimits;
import io.labelstream.ingest.config.IngestConfig;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything the cleaning topology needs besides its topics.
 *
 * @param maxOutputBytes the largest clean or duplicate record written; larger ones are rejected before the
 *        producer would refuse them, so that they still end somewhere
 * @param textNearDistance SimHash bits in which two texts may differ and still be near duplicates
 * @param imageNearDistance perceptual-hash bits (of 256) in which two images may differ and still be near
 *        duplicates
 * @param dedupeRetention how long a seen item counts as seen, in record time
 * @param sweepInterval how often (in stream time) expired entries leave the de-duplication stores
 */
public record CleaningSettings(
        CleaningLimits limits,
        int maxOutputBytes,
        int textNearDistance,
        int imageNearDistance,
        Duration dedupeRetention,
        Duration sweepInterval,
        Clock clock) {

    /** Raw values up to the producer's default request size (1 MiB) are read; outputs stay safely below it. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 1_000_000;
    /**
     * Measured on Fashion-MNIST (see docs/ingest.md): at 24 bits under 1% of the distinct training images of every
     * class are flagged, while lossless re-encodings (0 bits) and resized copies (at most 8) are caught.
     */
    public static final int DEFAULT_IMAGE_NEAR_DISTANCE = 24;

    /** The settings the service runs with unless configured otherwise. */
    public static CleaningSettings defaults(final Clock clock) {
        return new CleaningSettings(
                new CleaningLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_RECORD_BYTES, 100,
                        new ImageLimits(8 * 1024 * 1024, 16_384, 40_000_000L, 64L * 1024 * 1024), 400),
                DEFAULT_MAX_OUTPUT_BYTES, 4, DEFAULT_IMAGE_NEAR_DISTANCE, Duration.ofDays(30), Duration.ofHours(1), clock);
    }

    /** The settings the service is configured with. */
    public static CleaningSettings of(final IngestConfig.Cleaning config, final Clock clock) {
        return new CleaningSettings(config.cleaningLimits(config.maxRecordBytes()), config.maxOutputBytes(),
                config.textNearDistance(), config.imageNearDistance(), config.dedupeRetention(), config.sweepInterval(),
                clock);
    }

    public CleaningSettings {
        if (textNearDistance < 0 || textNearDistance > 63 || imageNearDistance < 0 || imageNearDistance > 255) {
            throw new IllegalArgumentException(
                    "Near-duplicate distances lie between 0 and 63 bits for texts, 0 and 255 for images");
        }
    }
}
