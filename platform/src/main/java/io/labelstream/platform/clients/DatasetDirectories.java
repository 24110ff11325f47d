package io.labelstream.platform.clients;

import io.labelstream.ml.data.DemoDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the clients find the demo data sets and the secrets that {@code ./labelstream up} wrote. */
final class DatasetDirectories {

    private DatasetDirectories() {
    }

    static Path of(final DemoData dataset) {
        return (dataset == DemoData.spam ? DemoDatasets.spamAssassin() : DemoDatasets.fashionMnist())
                .orElseThrow(() -> new IllegalStateException("the " + dataset + " data set is not installed; "
                        + "run datasets/install (./labelstream up does)"));
    }

    static String ingestApiKey() throws IOException {
        return firstLine(home().resolve("data/ingest/api-key"), "LABELSTREAM_INGEST_API_KEY");
    }

    static String adminPassword() throws IOException {
        return firstLine(home().resolve("data/labeling/admin-password"), "LABELSTREAM_LABELING_ADMIN_PASSWORD");
    }

    private static Path home() {
        final String home = System.getenv("LABELSTREAM_HOME");
        return home != null ? Path.of(home) : Path.of(".labelstream");
    }

    private static String firstLine(final Path file, final String variable) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no " + file + ": set " + variable + " or start the platform once");
        }
        return Files.readAllLines(file).get(0).trim();
    }
}
