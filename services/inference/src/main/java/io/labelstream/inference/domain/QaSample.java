package io.labelstream.inference.domain;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Decides from the item id alone whether an auto-labeled item also goes to humans. Hashing (rather than drawing a
 * random number) keeps the decision the same when a batch is replayed after a crash or predicted by another
 * instance, and spreads the sample evenly over time, sources and partitions.
 */
public final class QaSample {

    private static final double TWO_TO_THE_53 = 0x1p53;

    private QaSample() {
    }

    public static boolean includes(final String itemId, final double rate) {
        if (rate <= 0) {
            return false;
        }
        return position(itemId) < rate;
    }

    /** Where the item falls in [0, 1): the first 53 bits of SHA-256 of its id. */
    public static double position(final String itemId) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("qa-sample:" + itemId).getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 11) / TWO_TO_THE_53;
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
