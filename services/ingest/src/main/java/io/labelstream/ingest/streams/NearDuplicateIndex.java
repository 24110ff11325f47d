package io.labelstream.ingest.streams;

import io.labelstream.cleaning.SimHash;
import io.labelstream.schemas.events.ItemKind;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds a remembered 64-bit similarity hash within a Hamming distance d of a new one, with prefix scans instead
 * of a full scan. The hash is cut into d+1 blocks; two hashes that differ in at most d bits agree exactly on at
 * least one block (pigeonhole), so every hash is stored once per block under
 * {@code project|kind|blocks|block|blockValue|hash} and a lookup scans d+1 prefixes.
 */
final class NearDuplicateIndex {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, SeenItem> store;

    NearDuplicateIndex(final KeyValueStore<String, SeenItem> store) {
        this.store = store;
    }

    record Match(String itemId, int distance) {
    }

    /** The closest item within {@code maxDistance}; {@code itemId} itself, if it was seen, before any other. */
    Optional<Match> nearest(final String project, final ItemKind kind, final String itemId, final long hash,
            final int maxDistance, final long notBefore) {
        Match best = null;
        final int blocks = maxDistance + 1;
        for (int block = 0; block < blocks; block++) {
            try (KeyValueIterator<String, SeenItem> candidates =
                         store.prefixScan(prefix(project, kind, blocks, block, hash), PREFIX_SERIALIZER)) {
                while (candidates.hasNext()) {
                    final KeyValue<String, SeenItem> candidate = candidates.next();
                    if (candidate.value.expired(notBefore)) {
                        continue;
                    }
                    if (candidate.value.itemId().equals(itemId)) {
                        return Optional.of(new Match(itemId, 0));
                    }
                    final int distance = SimHash.distance(hash, hashOf(candidate.key));
                    if (distance <= maxDistance && (best == null || distance < best.distance())) {
                        best = new Match(candidate.value.itemId(), distance);
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    void add(final String project, final ItemKind kind, final long hash, final int maxDistance, final SeenItem seen) {
        final int blocks = maxDistance + 1;
        for (int block = 0; block < blocks; block++) {
            store.put(prefix(project, kind, blocks, block, hash) + hex(hash), seen);
        }
    }

    private static String prefix(final String project, final ItemKind kind, final int blocks, final int block,
            final long hash) {
        final int from = block * 64 / blocks;
        final int to = (block + 1) * 64 / blocks;
        final long blockValue = (hash >>> from) & (to - from == 64 ? -1L : (1L << (to - from)) - 1);
        return project + '|' + kind + '|' + blocks + '|' + block + '|' + Long.toHexString(blockValue) + '|';
    }

    private static String hex(final long hash) {
        return String.format("%016x", hash);
    }

    private static long hashOf(final String key) {
        return Long.parseUnsignedLong(key.substring(key.lastIndexOf('|') + 1), 16);
    }
}
