package io.labelstream.cleaning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of normalized content, and the item id derived from it. */
public final class ContentHash {

    /** 128 bits: collisions stay out of reach for any number of items this platform will see. */
    private static final int ITEM_ID_HEX_CHARS = 32;

    private ContentHash() {
    }

    public static String sha256(final byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    public static String sha256(final String content) {
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The same content in two projects is two items: each project labels it its own way. */
    public static String itemId(final String project, final String contentSha256) {
        return sha256(project + '\n' + contentSha256).substring(0, ITEM_ID_HEX_CHARS);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
