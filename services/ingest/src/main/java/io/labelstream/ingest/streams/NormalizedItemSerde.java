package io.labelstream.ingest.streams;

import io.labelstream.cleaning.NormalizedItem;
import io.labelstream.cleaning.SimilarityHash;
import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.RawRef;
import io.labelstream.schemas.json.JsonSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Normalized items on the internal repartition topic, written by this application for itself only: a format byte
 * and the fields in order, strings as length-prefixed UTF-8 (-1 for null), the similarity hash as its number of
 * words and the words, instead of JSON. Records written by earlier versions, as JSON (they start with '{') or in
 * format 1 (a one-word hash), are still read, so an upgrade finds the topic readable.
 */
final class NormalizedItemSerde {

    private static final byte FORMAT = 2;
    private static final byte ONE_WORD_HASH_FORMAT = 1;
    private static final JsonSerde<NormalizedItem> EARLIER_FORMAT = JsonSerde.of(NormalizedItem.class);
    private static final ItemKind[] KINDS = ItemKind.values();

    private NormalizedItemSerde() {
    }

    static Serde<NormalizedItem> create() {
        return Serdes.serdeFrom(NormalizedItemSerde::write, NormalizedItemSerde::read);
    }

    private static byte[] write(final String topic, final NormalizedItem item) {
        if (item == null) {
            return null;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 3 * lengthOf(item.text())
                + lengthOf(item.imagePng()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, item.itemId());
            writeString(out, item.project());
            out.writeByte(item.kind().ordinal());
            writeString(out, item.text());
            writeString(out, item.imagePng());
            writeInteger(out, item.width());
            writeInteger(out, item.height());
            writeInteger(out, item.channels());
            writeString(out, item.language());
            writeString(out, item.contentSha256());
            final long[] words = item.similarityHash().words();
            out.writeByte(words.length);
            for (final long word : words) {
                out.writeLong(word);
            }
            out.writeBoolean(item.lineage() != null);
            if (item.lineage() != null) {
                writeString(out, item.lineage().topic());
                out.writeInt(item.lineage().partition());
                out.writeLong(item.lineage().offset());
                writeString(out, item.lineage().sourceId());
                writeString(out, item.lineage().sourceItemId());
            }
            out.writeInt(item.metadata() == null ? -1 : item.metadata().size());
            if (item.metadata() != null) {
                for (final Map.Entry<String, String> entry : item.metadata().entrySet()) {
                    writeString(out, entry.getKey());
                    writeString(out, entry.getValue());
                }
            }
        } catch (final IOException e) {
            throw new SerializationException("Cannot write normalized item " + item.itemId(), e);
        }
        return bytes.toByteArray();
    }

    private static NormalizedItem read(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == '{') {
            return EARLIER_FORMAT.deserialize(topic, data);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            final byte format = in.readByte();
            if (format != FORMAT && format != ONE_WORD_HASH_FORMAT) {
                throw new SerializationException("Not a normalized item of format " + FORMAT + " on " + topic);
            }
            final String itemId = readString(in);
            final String project = readString(in);
            final ItemKind kind = KINDS[in.readByte()];
            final String text = readString(in);
            final String imagePng = readString(in);
            final Integer width = readInteger(in);
            final Integer height = readInteger(in);
            final Integer channels = readInteger(in);
            final String language = readString(in);
            final String contentSha256 = readString(in);
            final long[] words = new long[format == ONE_WORD_HASH_FORMAT ? 1 : in.readByte()];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readLong();
            }
            final SimilarityHash similarityHash = new SimilarityHash(words);
            final RawRef lineage = in.readBoolean() ? new RawRef(readString(in), in.readInt(), in.readLong(),
                    readString(in), readString(in)) : null;
            final int entries = in.readInt();
            Map<String, String> metadata = null;
            if (entries >= 0) {
                metadata = new LinkedHashMap<>();
                for (int i = 0; i < entries; i++) {
                    metadata.put(readString(in), readString(in));
                }
            }
            return new NormalizedItem(itemId, project, kind, text, imagePng, width, height, channels, language,
                    contentSha256, similarityHash, lineage, metadata);
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("Cannot read a normalized item from " + topic, e);
        }
    }

    private static int lengthOf(final String text) {
        return text == null ? 0 : text.length();
    }

    private static void writeString(final DataOutputStream out, final String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length < 0) {
            return null;
        }
        final byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IOException("The record ends inside a string");
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeInteger(final DataOutputStream out, final Integer value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    private static Integer readInteger(final DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }
}
