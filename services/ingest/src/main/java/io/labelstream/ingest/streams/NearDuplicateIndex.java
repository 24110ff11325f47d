package io.labelstream.ingest.streams;

import io.labelstream.cleaning.PerceptualHash;
import io.labelstream.cleaning.SimilarityHash;
import io.labelstream.schemas.events.ItemKind;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The items de-duplication remembers, and a search for the one whose similarity hash (64 bits for texts, 256 for
 * images) is closest to a new one within the Hamming distance d of its kind.
 *
 * <p>The store holds one entry per remembered item, {@code project|kind|hash} to its {@link SeenItem}: a hash is
 * unique per project and kind, because an item whose hash equals a remembered one is a duplicate at distance 0 and
 * is never remembered, and an expired entry is overwritten by the next clean item with its hash.
 *
 * <p>The search runs in memory, on a copy of the store rebuilt by {@link #reload}: every hash is cut into d+1
 * blocks, and two hashes that differ in at most d bits agree exactly on at least one block (pigeonhole), so a
 * lookup reads d+1 buckets of hashes that share a block with it instead of every hash.
 *
 * <p>Hashes are only compared with hashes of the same width. Image hashes of another width than the current
 * {@link PerceptualHash} (the 64-bit dHash of earlier versions) stay until they expire and match only equal hashes:
 * their distances mean nothing at the current image distance.
 */
final class NearDuplicateIndex {

    private final int textDistance;
    private final int imageDistance;
    private final Map<Scope, Remembered> scopes = new HashMap<>();
    private KeyValueStore<String, SeenItem> store;

    NearDuplicateIndex(final int textDistance, final int imageDistance) {
        this.textDistance = textDistance;
        this.imageDistance = imageDistance;
    }

    record Match(String itemId, int distance) {
    }

    private record Scope(String project, ItemKind kind, int bits) {
    }

    /** Forgets everything held in memory and reads the store's items again, expired ones included. */
    void reload(final KeyValueStore<String, SeenItem> itemStore) {
        store = itemStore;
        scopes.clear();
        try (KeyValueIterator<String, SeenItem> all = itemStore.all()) {
            while (all.hasNext()) {
                final KeyValue<String, SeenItem> entry = all.next();
                final int kindEnd = entry.key.lastIndexOf('|');
                final int projectEnd = entry.key.lastIndexOf('|', kindEnd - 1);
                if (projectEnd < 0) {
                    throw new IllegalStateException("Not a key of the seen items: " + entry.key);
                }
                final ItemKind kind = ItemKind.valueOf(entry.key.substring(projectEnd + 1, kindEnd));
                final SimilarityHash hash = SimilarityHash.parse(entry.key, kindEnd + 1, entry.key.length());
                remembered(entry.key.substring(0, projectEnd), kind, hash.bits()).put(hash, entry.value);
            }
        }
    }

    /** How many items are remembered, expired ones included. */
    int size() {
        int size = 0;
        for (final Remembered remembered : scopes.values()) {
            size += remembered.size();
        }
        return size;
    }

    /**
     * The closest item within the kind's distance that was seen at or after {@code notBefore}; {@code itemId}
     * itself, if it was seen, before any other. Among equally close items the one that shares the lowest block
     * with {@code hash} wins, then the lowest hash (unsigned): a fixed order, so that decisions do not depend on
     * the order in which items were remembered or loaded.
     */
    Optional<Match> nearest(final String project, final ItemKind kind, final String itemId,
            final SimilarityHash hash, final long notBefore) {
        final Remembered remembered = scopes.get(new Scope(project, kind, hash.bits()));
        return remembered == null ? Optional.empty() : remembered.nearest(itemId, hash, notBefore);
    }

    /** Remembers an item, replacing an expired one with the same hash. */
    void add(final String project, final ItemKind kind, final SimilarityHash hash, final SeenItem seen) {
        store.put(key(project, kind, hash), seen);
        remembered(project, kind, hash.bits()).put(hash, seen);
    }

    /** Forgets, in the store and in memory, every item seen before {@code notBefore}. */
    void forgetExpired(final long notBefore) {
        final var scopeIterator = scopes.entrySet().iterator();
        while (scopeIterator.hasNext()) {
            final Map.Entry<Scope, Remembered> scope = scopeIterator.next();
            for (final SimilarityHash hash : scope.getValue().expired(notBefore)) {
                scope.getValue().remove(hash);
                store.delete(key(scope.getKey().project(), scope.getKey().kind(), hash));
            }
            if (scope.getValue().size() == 0) {
                scopeIterator.remove();
            }
        }
    }

    private Remembered remembered(final String project, final ItemKind kind, final int bits) {
        return scopes.computeIfAbsent(new Scope(project, kind, bits),
                scope -> new Remembered(bits, distance(kind, bits)));
    }

    private int distance(final ItemKind kind, final int bits) {
        return switch (kind) {
            case text -> textDistance;
            case image -> bits == PerceptualHash.WORDS * Long.SIZE ? imageDistance : 0;
        };
    }

    private static String key(final String project, final ItemKind kind, final SimilarityHash hash) {
        return project + '|' + kind + '|' + hash.hex();
    }

    /**
     * The items of one project, kind and hash width: each hash with its item, and d+1 block indexes over the
     * hashes.
     */
    private static final class Remembered {

        private final int bits;
        private final int maxDistance;
        private final Map<SimilarityHash, SeenItem> items = new HashMap<>();
        /** Per block: block value to the hashes that have it, in no particular order. */
        private final Long2ObjectOpenHashMap<SimilarityHash[]>[] blocks;

        @SuppressWarnings("unchecked")
        Remembered(final int bits, final int maxDistance) {
            this.bits = bits;
            this.maxDistance = maxDistance;
            // more blocks than bits would leave some empty; a block of at most 64 bits fits a long
            this.blocks = new Long2ObjectOpenHashMap[Math.max(Math.min(maxDistance + 1, bits), (bits + 63) / 64)];
            Arrays.setAll(blocks, block -> new Long2ObjectOpenHashMap<SimilarityHash[]>());
        }

        int size() {
            return items.size();
        }

        Optional<Match> nearest(final String itemId, final SimilarityHash hash, final long notBefore) {
            Match best = null;
            SimilarityHash bestHash = null;
            int bestBlock = -1;
            for (int block = 0; block < blocks.length; block++) {
                final SimilarityHash[] candidates = blocks[block].get(blockValue(hash, block));
                if (candidates == null) {
                    continue;
                }
                for (final SimilarityHash candidate : candidates) {
                    // the same item has the same content, hence the same hash: the distance sorts out most
                    // candidates before their item is looked up
                    final int distance = hash.distance(candidate);
                    if (distance > maxDistance) {
                        continue;
                    }
                    final SeenItem seen = items.get(candidate);
                    if (seen.expired(notBefore)) {
                        continue;
                    }
                    if (seen.itemId().equals(itemId)) {
                        return Optional.of(new Match(itemId, 0));
                    }
                    // a tie found in an earlier block stays; a tie in the same block goes to the lower hash
                    if (best == null || distance < best.distance() || distance == best.distance()
                            && block == bestBlock && lower(candidate, bestHash)) {
                        best = new Match(seen.itemId(), distance);
                        bestHash = candidate;
                        bestBlock = block;
                    }
                }
            }
            return Optional.ofNullable(best);
        }

        void put(final SimilarityHash hash, final SeenItem seen) {
            if (items.put(hash, seen) != null) {
                return;
            }
            for (int block = 0; block < blocks.length; block++) {
                final long value = blockValue(hash, block);
                final SimilarityHash[] bucket = blocks[block].get(value);
                final SimilarityHash[] grown = bucket == null ? new SimilarityHash[1]
                        : Arrays.copyOf(bucket, bucket.length + 1);
                grown[grown.length - 1] = hash;
                blocks[block].put(value, grown);
            }
        }

        void remove(final SimilarityHash hash) {
            if (items.remove(hash) == null) {
                return;
            }
            for (int block = 0; block < blocks.length; block++) {
                final long value = blockValue(hash, block);
                final SimilarityHash[] bucket = blocks[block].get(value);
                if (bucket.length == 1) {
                    blocks[block].remove(value);
                    continue;
                }
                final SimilarityHash[] shrunk = new SimilarityHash[bucket.length - 1];
                int next = 0;
                for (final SimilarityHash other : bucket) {
                    if (!other.equals(hash)) {
                        shrunk[next++] = other;
                    }
                }
                blocks[block].put(value, shrunk);
            }
        }

        List<SimilarityHash> expired(final long notBefore) {
            return items.entrySet().stream().filter(entry -> entry.getValue().expired(notBefore))
                    .map(Map.Entry::getKey).toList();
        }

        private long blockValue(final SimilarityHash hash, final int block) {
            return hash.bits(block * bits / blocks.length, (block + 1) * bits / blocks.length);
        }

        /** Unsigned, word by word from word 0. */
        private static boolean lower(final SimilarityHash a, final SimilarityHash b) {
            for (int word = 0; word < a.bits() / Long.SIZE; word++) {
                final int order = Long.compareUnsigned(a.word(word), b.word(word));
                if (order != 0) {
                    return order < 0;
                }
            }
            return false;
        }
    }
}
