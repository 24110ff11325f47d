package io.labelstream.ml.artifact;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import io.labelstream.ml.ModelManifest;
import io.labelstream.ml.OfflineEngine;
import io.labelstream.schemas.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The model artifact format: a zip with {@code manifest.json} ({@link ModelManifest}) and {@code model.params} (the
 * block's parameters in DJL's format). Entries carry a fixed timestamp so that equal content gives equal bytes and
 * so an equal content address.
 */
public final class ModelArtifacts {

    public static final String MANIFEST_ENTRY = "manifest.json";
    public static final String PARAMS_ENTRY = "model.params";

    private static final long FIXED_ENTRY_TIME = 315_532_800_000L;

    private ModelArtifacts() {
    }

    /** Serializes an initialized block (for example {@code model.getBlock()} after training) with its manifest. */
    public static byte[] write(final Block block, final ModelManifest manifest) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(entry(MANIFEST_ENTRY));
            zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.putNextEntry(entry(PARAMS_ENTRY));
            final DataOutputStream params = new DataOutputStream(zip);
            block.saveParameters(params);
            params.flush();
            zip.closeEntry();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads only the manifest, without touching the engine. */
    public static ModelManifest readManifest(final byte[] artifact) {
        return read(artifact, MANIFEST_ENTRY, ModelArtifacts::parseManifest);
    }

    /** Rebuilds the block from the manifest and loads its parameters into a new DJL model owned by the result. */
    public static LoadedModel load(final byte[] artifact) {
        final ModelManifest manifest = readManifest(artifact);
        if (manifest.formatVersion() != ModelManifest.FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported model artifact format " + manifest.formatVersion());
        }
        final Block block = manifest.architecture()
                .newBlock(manifest.input(), manifest.labels().size(), manifest.hyperparameters());
        final Model model = Model.newInstance(
                manifest.architecture().id(), OfflineEngine.pytorch().defaultDevice(), OfflineEngine.ENGINE);
        try {
            model.setBlock(block);
            read(artifact, PARAMS_ENTRY, bytes -> {
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                    block.loadParameters(model.getNDManager(), in);
                    return null;
                } catch (final IOException | MalformedModelException e) {
                    throw new IllegalArgumentException("model artifact has unreadable parameters", e);
                }
            });
            return new LoadedModel(model, manifest);
        } catch (final RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static ModelManifest parseManifest(final byte[] bytes) {
        try {
            return Json.MAPPER.readValue(bytes, ModelManifest.class);
        } catch (final IOException e) {
            throw new IllegalArgumentException("model artifact has an unreadable manifest", e);
        }
    }

    private static <T> T read(final byte[] artifact, final String name, final EntryReader<T> reader) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(artifact))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return reader.read(zip.readAllBytes());
                }
            }
        } catch (final IOException e) {
            throw new IllegalArgumentException("not a model artifact", e);
        }
        throw new IllegalArgumentException("model artifact lacks " + name);
    }

    private static ZipEntry entry(final String name) {
        final ZipEntry entry = new ZipEntry(name);
        entry.setTime(FIXED_ENTRY_TIME);
        return entry;
    }

    @FunctionalInterface
    private interface EntryReader<T> {
        T read(byte[] bytes);
    }
}
