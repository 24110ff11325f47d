import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/**
 * Streams demo items to the ingest HTTP endpoint: the first mails of two SpamAssassin folders (ham and spam) for
 * project "spam", and the first Fashion-MNIST test images as PNG for project "fashion". Run with the JDK's
 * single-file launcher: java DemoItemsFeed.java URL API_KEY SPAM_DIR FASHION_DIR MAILS_PER_FOLDER IMAGES
 */
public final class DemoItemsFeed {

    private static final int BATCH = 100;
    private static final List<String> FOLDERS = List.of("easy-ham-1", "spam-2");

    public static void main(final String[] args) throws Exception {
        final URI endpoint = URI.create(args[0] + "/api/v1/items");
        final String apiKey = args[1];
        final Path spam = Path.of(args[2]);
        final Path fashion = Path.of(args[3]);
        final int mailsPerFolder = Integer.parseInt(args[4]);
        final int images = Integer.parseInt(args[5]);
        final List<String> items = new ArrayList<>();
        for (final String folder : FOLDERS) {
            try (Stream<Path> files = Files.list(spam.resolve(folder))) {
                for (final Path mail : files.filter(f -> f.toString().endsWith(".txt")).sorted().limit(mailsPerFolder)
                        .toList()) {
                    items.add(item("spam", "text", "message/rfc822", readMail(mail),
                            folder + "/" + mail.getFileName(), "spam-assassin/" + folder));
                }
            }
        }
        final List<byte[]> pngs = fashionImages(fashion.resolve("t10k-images-idx3-ubyte.gz"), images);
        for (int i = 0; i < pngs.size(); i++) {
            items.add(item("fashion", "image", "image/png", Base64.getEncoder().encodeToString(pngs.get(i)),
                    "t10k-" + i, "fashion-mnist/t10k"));
        }
        final HttpClient http = HttpClient.newHttpClient();
        int accepted = 0;
        int rejected = 0;
        for (int from = 0; from < items.size(); from += BATCH) {
            final String body = String.join("\n", items.subList(from, Math.min(items.size(), from + BATCH))) + "\n";
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/x-ndjson")
                    .header("X-Api-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != 422) {
                throw new IllegalStateException("POST " + endpoint + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            accepted += count(response.body(), "\"status\":\"accepted\"");
            rejected += count(response.body(), "\"status\":\"rejected\"");
        }
        System.out.printf("demo items: %d sent, %d accepted into items.raw, %d rejected at the endpoint%n",
                items.size(), accepted, rejected);
    }

    private static String item(final String project, final String kind, final String contentType,
            final String content, final String sourceItemId, final String corpus) {
        return "{\"schemaVersion\":1,\"project\":\"" + project + "\",\"kind\":\"" + kind + "\",\"contentType\":\""
                + contentType + "\",\"sourceItemId\":" + json(sourceItemId) + ",\"content\":" + json(content)
                + ",\"metadata\":{\"corpus\":" + json(corpus) + "}}";
    }

    /** Mail is bytes: valid UTF-8 is read as such, anything else byte for byte (ISO-8859-1). */
    private static String readMail(final Path mail) throws IOException {
        final byte[] bytes = Files.readAllBytes(mail);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** The first images of an IDX3 file (big-endian header: magic, count, rows, columns; then bytes). */
    private static List<byte[]> fashionImages(final Path idx, final int limit) throws IOException {
        try (InputStream file = Files.newInputStream(idx);
             DataInputStream in = new DataInputStream(new GZIPInputStream(file))) {
            in.readInt();
            final int count = in.readInt();
            final int rows = in.readInt();
            final int columns = in.readInt();
            final List<byte[]> pngs = new ArrayList<>();
            for (int i = 0; i < Math.min(count, limit); i++) {
                final BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
                final byte[] pixels = in.readNBytes(rows * columns);
                image.getRaster().setDataElements(0, 0, columns, rows, pixels);
                final ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                pngs.add(png.toByteArray());
            }
            return pngs;
        }
    }

    private static String json(final String text) {
        final StringBuilder out = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static int count(final String text, final String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
