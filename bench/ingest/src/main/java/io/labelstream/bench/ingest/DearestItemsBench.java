package io.labelstream.bench.ingest;

import io.labelstream.cleaning.ItemCleaner;
import io.labelstream.cleaning.ItemRejectedException;
import io.labelstream.ingest.streams.CleaningSettings;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.events.RawItem;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.testing.ImageBytes;
import io.labelstream.testing.MailBytes;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the dearest items the cleaning limits let through cost a stream thread, against an ordinary item in the same
 * process: each item is cleaned by the service's own {@link ItemCleaner} with its default limits, {@code runs}
 * times after as many warm-up runs; the median and the largest time are printed, with the median's ratio to that of
 * an ordinary mail. Items over the limits are refused, and their time shows they cost nothing.
 * Argument: [runs (default 5)].
 */
public final class DearestItemsBench {

    private static final Project.ImageSpec MODEL_INPUT = new Project.ImageSpec(28, 28, 1);

    private DearestItemsBench() {
    }

    public static void main(final String[] args) {
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final ItemCleaner cleaner = new ItemCleaner(CleaningSettings.defaults(Clock.systemUTC()).limits());
        final Map<String, RawItem> items = new LinkedHashMap<>();
        items.put("ordinary mail (5 KB, 2 parts)", mail(1, "Quarterly figures attached, please review. ".repeat(100)));
        items.put("ordinary image (28x28 PNG)", image("png", ImageBytes.encode(noise(28, 28), "png")));
        items.put("16-bit RGBA PNG at the inflate limit (2896x2896)",
                image("png", ImageBytes.blackPng(2896, 2896, 16, 6)));
        items.put("8-bit RGBA PNG at the inflate limit (4096x4096)",
                image("png", ImageBytes.blackPng(4096, 4096, 8, 6)));
        items.put("noisy JPEG near the 8 MiB limit (6000x6000)",
                image("jpeg", ImageBytes.encode(noise(6000, 6000), "jpeg")));
        items.put("mail of 99 parts, 1 MB", mail(99, "lorem ipsum dolor sit amet ".repeat(370)));
        items.put("over: 16-bit RGBA PNG 6000x6000", image("png", ImageBytes.blackPng(6000, 6000, 16, 6)));
        items.put("over: mail of 12,000 parts", mail(12_000, "x"));
        final Project text = project(ItemKind.text, null);
        final Project images = project(ItemKind.image, MODEL_INPUT);
        double baseline = 0;
        System.out.printf("dearest items bench: %d runs each after %d warm-up runs, %d cores%n", runs, runs,
                Runtime.getRuntime().availableProcessors());
        for (final Map.Entry<String, RawItem> item : items.entrySet()) {
            final Project project = item.getValue().kind() == ItemKind.text ? text : images;
            final List<Long> nanos = new ArrayList<>();
            String outcome = "clean";
            for (int run = 0; run < 2 * runs; run++) {
                final long start = System.nanoTime();
                try {
                    cleaner.clean(item.getValue(), project, new RawRef("items.raw", 0, run, "bench", null));
                } catch (final ItemRejectedException e) {
                    outcome = e.reason().name();
                }
                if (run >= runs) {
                    nanos.add(System.nanoTime() - start);
                }
            }
            nanos.sort(null);
            final double median = nanos.get(nanos.size() / 2) / 1e6;
            if (baseline == 0) {
                baseline = median;
            }
            System.out.printf("%-50s %-16s median %8.1f ms, max %8.1f ms, %7.1f x the ordinary mail%n",
                    item.getKey(), outcome, median, nanos.get(nanos.size() - 1) / 1e6, median / baseline);
        }
    }

    private static RawItem mail(final int parts, final String partText) {
        return new RawItem(RawItem.VERSION, "bench-text", "bench", null, ItemKind.text, "message/rfc822",
                MailBytes.multipart(parts, partText), null, Instant.now());
    }

    private static RawItem image(final String format, final byte[] file) {
        return new RawItem(RawItem.VERSION, "bench-images", "bench", null, ItemKind.image, "image/" + format,
                Base64.getEncoder().encodeToString(file), null, Instant.now());
    }

    private static BufferedImage noise(final int width, final int height) {
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        final Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.GRAY);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        final byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        final Random random = new Random(42);
        for (int i = 0; i < pixels.length; i += 12) {
            pixels[i] = (byte) random.nextInt();
        }
        return image;
    }

    private static Project project(final ItemKind kind, final Project.ImageSpec image) {
        return new Project(Project.VERSION, "bench-" + (kind == ItemKind.text ? "text" : "images"), "Bench", kind,
                List.of(new Project.LabelDefinition("a", null, "a"), new Project.LabelDefinition("b", null, "b")),
                "Bench.", new Project.Redundancy(1, 1, 0.9), new Project.Routing(0.95, 0.05,
                Project.UncertaintyMeasure.margin), 0.0, null, image, new Project.TrainingPolicy(0, 0.0, false), null,
                1, Instant.now());
    }
}
