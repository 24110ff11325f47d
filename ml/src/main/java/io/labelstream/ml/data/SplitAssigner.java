package io.labelstream.ml.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic train/validation/test assignment from a hash of the split key (the canonical item id, so that a
 * duplicate always falls on its canonical item's side). The assignment of an item depends on nothing but its key,
 * so it never changes as a project's data grows: an item tested once is never trained on later, which keeps
 * champion-versus-challenger comparisons on a shared test split honest. Classes are stratified in expectation; see
 * the trainer's dataset builder for the guard that gives small classes validation and test examples.
 */
public final class SplitAssigner {

    public enum Split {
        train,
        validation,
        test
    }

    private static final int BUCKETS = 10_000;

    private final int trainBuckets;
    private final int validationBuckets;

    /** @param trainFraction e.g. 0.8; @param validationFraction e.g. 0.1; the rest is test */
    public SplitAssigner(final double trainFraction, final double validationFraction) {
        if (trainFraction <= 0 || validationFraction <= 0 || trainFraction + validationFraction >= 1) {
            throw new IllegalArgumentException("fractions must be positive and leave room for a test split");
        }
        this.trainBuckets = (int) Math.round(trainFraction * BUCKETS);
        this.validationBuckets = (int) Math.round(validationFraction * BUCKETS);
    }

    public Split assign(final String splitKey) {
        final int bucket = bucket(splitKey);
        if (bucket < trainBuckets) {
            return Split.train;
        }
        return bucket < trainBuckets + validationBuckets ? Split.validation : Split.test;
    }

    /** A number in [0, 10000) from the first eight bytes of SHA-256 of the key. */
    public static int bucket(final String splitKey) {
        final byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(splitKey.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, BUCKETS);
    }
}
