package io.labelstream.ingest.config;

import io.labelstream.cleaning.CleaningLimitsConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Settings of the ingest service, under {@code labelstream.ingest}. */
@ConfigMapping(prefix = "labelstream.ingest")
public interface IngestConfig {

    Cleaning cleaning();

    Http http();

    /** Limits and de-duplication of the cleaning topology. */
    interface Cleaning extends CleaningLimitsConfig {

        /** Raw values above this many bytes are rejected unread. */
        @WithDefault("1048576")
        int maxRecordBytes();

        /** Clean items above this many bytes of JSON are rejected; keep it below the broker's message limit. */
        @WithDefault("1000000")
        int maxOutputBytes();

        /** SimHash bits two texts may differ in and still be near duplicates. */
        @WithDefault("4")
        int textNearDistance();

        /** Perceptual-hash bits (of 256) two images may differ in and still be near duplicates. */
        @WithDefault("24")
        int imageNearDistance();

        /** How long an item counts as seen for de-duplication. */
        @WithDefault("30d")
        Duration dedupeRetention();

        /** How often (in record time) expired entries leave the de-duplication stores. */
        @WithDefault("1h")
        Duration sweepInterval();
    }

    /** The HTTP ingest endpoint. */
    interface Http {

        /**
         * API keys by source id: {@code labelstream.ingest.http.api-keys.<source>=<key>}. A request's items are
         * attributed to the source of its key.
         */
        Map<String, String> apiKeys();

        /**
         * With no key configured, one is generated for source {@code default} and written to this file, so that a
         * fresh installation is never open to anyone.
         */
        @WithDefault("api-key")
        Path generatedKeyFile();

        /** Request bodies above this many bytes are refused with 413. */
        @WithDefault("16777216")
        int maxBodyBytes();

        /** Batches with more items than this are refused with 413. */
        @WithDefault("10000")
        int maxBatchItems();

        /**
         * Requests with a missing or unknown API key a client address may make per {@link #failedKeyPeriod()}; then
         * its requests get 429 with {@code Retry-After}, before any key is checked, until the period frees a permit.
         * Guessing a key by trying many stays slow; a misconfigured client is told to stop hammering.
         */
        @WithDefault("10")
        int failedKeysPerAddress();

        @WithDefault("1m")
        Duration failedKeyPeriod();
    }
}
