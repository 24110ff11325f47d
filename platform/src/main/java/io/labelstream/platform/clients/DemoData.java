package io.labelstream.platform.clients;

import io.labelstream.ml.data.FashionMnist;
import io.labelstream.ml.data.SpamAssassinCorpus;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawItem;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The two demo data sets as an upstream system would send them, each item with its true label: SpamAssassin mails
 * as raw RFC 822 messages ({@code message/rfc822}), Fashion-MNIST images as PNG. Only the clients use the true
 * labels: the producer never sends them, the crowd answers from them.
 */
public enum DemoData {
    spam(ItemKind.text, SpamAssassinCorpus.LABELS),
    fashion(ItemKind.image, FashionMnist.LABELS);

    /** The {@code sourceId} of everything the clients send. */
    public static final String SOURCE_ID = "labelstream-produce";

    private final ItemKind kind;
    private final List<String> labels;

    DemoData(final ItemKind kind, final List<String> labels) {
        this.kind = kind;
        this.labels = labels;
    }

    public List<String> labels() {
        return labels;
    }

    public ItemKind kind() {
        return kind;
    }

    /** One item of the data set: its id in the data set, its raw form for a project, its true label. */
    public record Example(String id, RawItem raw, String label, byte[] pixels) {
    }

    /** The order a stream takes: shuffled, or drifting (the second half of the classes appears halfway through). */
    public enum Order {
        shuffled,
        drift
    }

    /**
     * The data set's examples of one split ({@code test} or {@code train}; SpamAssassin has one split) in the given
     * order; {@code count} of them, or all when it is zero or more than there are.
     */
    public List<Example> examples(final Path directory, final String project, final String split, final int count,
            final long seed, final Order order) throws IOException {
        final List<Example> all = new ArrayList<>();
        if (this == spam) {
            for (final SpamAssassinCorpus.Message message : SpamAssassinCorpus.messages(directory)) {
                all.add(new Example(message.id(), new RawItem(RawItem.VERSION, project, SOURCE_ID, message.id(),
                        ItemKind.text, "message/rfc822", readable(message.bytes()),
                        Map.of("corpus", "spam-assassin"), null), labels.get(message.label()), null));
            }
        } else {
            final List<FashionMnist.Image> images = "test".equals(split) ? FashionMnist.test(directory)
                    : FashionMnist.train(directory);
            for (final FashionMnist.Image image : images) {
                all.add(new Example(image.id(), new RawItem(RawItem.VERSION, project, SOURCE_ID, image.id(),
                        ItemKind.image, "image/png", png(image.pixels()), Map.of("corpus", "fashion-mnist/" + split),
                        null), labels.get(image.label()), image.pixels()));
            }
        }
        Collections.shuffle(all, new Random(seed));
        final List<Example> chosen = new ArrayList<>(all.subList(0, count <= 0 ? all.size() : Math.min(count,
                all.size())));
        if (order == Order.drift) {
            // the first classes only until half of them have been sent, then everything that is left, mixed
            final int half = labels.size() / 2;
            final List<Example> early = chosen.stream().filter(example -> labels.indexOf(example.label()) < half)
                    .toList();
            final List<Example> drifting = new ArrayList<>(early.subList(0, early.size() / 2));
            final Set<Example> first = Collections.newSetFromMap(new IdentityHashMap<>());
            first.addAll(drifting);
            final List<Example> rest = new ArrayList<>(chosen.stream().filter(example -> !first.contains(example))
                    .toList());
            Collections.shuffle(rest, new Random(seed + 1));
            drifting.addAll(rest);
            return drifting;
        }
        return chosen;
    }

    /** Mail is bytes: valid UTF-8 is read as such, anything else byte for byte (ISO-8859-1). */
    private static String readable(final byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static String png(final byte[] pixels) {
        final BufferedImage image = new BufferedImage(FashionMnist.SIZE, FashionMnist.SIZE,
                BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, FashionMnist.SIZE, FashionMnist.SIZE, pixels);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
