package io.labelstream.trainer.service;

import io.labelstream.schemas.events.ItemKind;
import io.labelstream.schemas.events.Project;
import io.labelstream.schemas.json.Json;
import io.labelstream.service.errors.Refusal;
import io.labelstream.trainer.domain.DatasetVersion;
import io.labelstream.trainer.domain.TrainerProject;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Exports a dataset version as a zip. {@code jsonl}: {@code manifest.json} (the version's summary),
 * {@code items.jsonl} (one line per item: id, canonical id, label, source, label id, content hash, split, and the
 * text or the image's file name) and {@code images/<item id>.png} for image projects. {@code idx} (gray image
 * projects only): {@code <split>-images-idx3-ubyte} and {@code <split>-labels-idx1-ubyte} per split, as
 * Fashion-MNIST ships, with {@code labels.txt} giving the label of each index.
 */
@ApplicationScoped
public class DatasetExporter {

    public enum Format {
        jsonl,
        idx
    }

    private record Member(String itemId, String canonicalItemId, String label, String source, String labelId,
            String contentSha256, String split, String text, String imagePng) {
    }

    @Transactional
    public void export(final String datasetId, final Format format, final OutputStream out) {
        final DatasetVersion version = DatasetVersion.findById(datasetId);
        if (version == null) {
            throw Refusal.notFound("dataset version " + datasetId);
        }
        final Project project = ((TrainerProject) TrainerProject.findById(version.project)).project();
        if (format == Format.idx && (project.kind() != ItemKind.image
                || project.image() != null && project.image().channels() != 1)) {
            throw Refusal.invalid("unsupported-export", "The export format does not fit this dataset",
                    "IDX export is for gray image projects; use format=jsonl");
        }
        final List<Member> members = members(datasetId);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (format == Format.jsonl) {
                writeJsonl(version, members, zip);
            } else {
                writeIdx(project, members, zip);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJsonl(final DatasetVersion version, final List<Member> members,
            final ZipOutputStream zip) throws IOException {
        final Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("id", version.id);
        manifest.put("project", version.project);
        manifest.put("contentSha256", version.contentSha256);
        manifest.put("items", version.itemCount);
        manifest.put("classCounts", version.classCounts);
        manifest.put("splitCounts", version.splitCounts);
        manifest.put("includesModelLabels", version.includeModelLabels);
        manifest.put("createdAt", version.createdAt);
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("items.jsonl"));
        for (final Member member : members) {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("itemId", member.itemId());
            line.put("canonicalItemId", member.canonicalItemId());
            line.put("label", member.label());
            line.put("source", member.source());
            line.put("labelId", member.labelId());
            line.put("contentSha256", member.contentSha256());
            line.put("split", member.split());
            if (member.imagePng() != null) {
                line.put("image", "images/" + member.itemId() + ".png");
            } else {
                line.put("text", member.text());
            }
            zip.write(Json.MAPPER.writeValueAsBytes(line));
            zip.write('\n');
        }
        zip.closeEntry();
        for (final Member member : members) {
            if (member.imagePng() != null) {
                zip.putNextEntry(new ZipEntry("images/" + member.itemId() + ".png"));
                zip.write(Base64.getDecoder().decode(member.imagePng()));
                zip.closeEntry();
            }
        }
    }

    private static void writeIdx(final Project project, final List<Member> members, final ZipOutputStream zip)
            throws IOException {
        final int width = project.image() == null ? 28 : project.image().width();
        final int height = project.image() == null ? 28 : project.image().height();
        final List<String> labels = project.labelNames();
        for (final String split : List.of("train", "validation", "test")) {
            final List<Member> inSplit = members.stream().filter(m -> m.split().equals(split)).toList();
            final ByteArrayOutputStream images = new ByteArrayOutputStream();
            final DataOutputStream imageOut = new DataOutputStream(images);
            imageOut.writeInt(2051);
            imageOut.writeInt(inSplit.size());
            imageOut.writeInt(height);
            imageOut.writeInt(width);
            final ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
            final DataOutputStream labelOut = new DataOutputStream(labelBytes);
            labelOut.writeInt(2049);
            labelOut.writeInt(inSplit.size());
            for (final Member member : inSplit) {
                imageOut.write(grayPixels(member.imagePng(), width, height));
                labelOut.writeByte(labels.indexOf(member.label()));
            }
            zip.putNextEntry(new ZipEntry(split + "-images-idx3-ubyte"));
            zip.write(images.toByteArray());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(split + "-labels-idx1-ubyte"));
            zip.write(labelBytes.toByteArray());
            zip.closeEntry();
        }
        zip.putNextEntry(new ZipEntry("labels.txt"));
        zip.write((String.join("\n", labels) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static byte[] grayPixels(final String base64Png, final int width, final int height) throws IOException {
        final BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64Png)));
        final byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final int rgb = image.getRGB(Math.min(x, image.getWidth() - 1), Math.min(y, image.getHeight() - 1));
                pixels[y * width + x] = (byte) Math.round(0.299 * ((rgb >> 16) & 0xff)
                        + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
            }
        }
        return pixels;
    }

    @SuppressWarnings("unchecked")
    private static List<Member> members(final String datasetId) {
        final List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT di.item_id, di.canonical_item_id, di.label, di.source, di.label_id, di.content_sha256,
                       di.split, i.text, i.image_png
                FROM dataset_item di JOIN item i ON i.item_id = di.item_id
                WHERE di.dataset_id = ?1
                ORDER BY di.item_id
                """).setParameter(1, datasetId).getResultList();
        final List<Member> members = new ArrayList<>(rows.size());
        for (final Object[] r : rows) {
            members.add(new Member((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], (String) r[6], (String) r[7], (String) r[8]));
        }
        return members;
    }
}
