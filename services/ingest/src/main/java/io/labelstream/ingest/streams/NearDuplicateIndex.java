package io.labelstream.ingest.streams;

import io.labelstream.cleaning.SimHash;
import io.labelstream.schemas.events.ItemKind;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The items de-duplication remembers, and a search for the one whose 64-bit similarity hash is closest to a new
 * one within the Hamming distance d of its kind.
 *
 * <p>The store holds one entry per remembered item, {@code project|kind|hash} to its {@link SeenItem}: a hash is
 * unique per project and kind, because an item whose hash equals a remembered one is a duplicate at distance 0 and
 * is never remembered, and an expired entry is overwritten by the next clean item with its hash.
 *
 * <p>The search runs in memory, on a copy of the store rebuilt by {@link #reload}: every hash is cut into d+1
 * blocks, and two hashes that differ in at most d bits agree exactly on at least one block (pigeonhole), so a
 * lookup reads d+1 buckets of hashes that share a block with it instead of every hash.
 */
final class NearDuplicateIndex {

    private static final HexFormat HEX = HexFormat.of();

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

    private record Scope(String project, ItemKind kind) {
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
                remembered(entry.key.substring(0, projectEnd), kind)
                        .put(HEX.fromHexDigitsToLong(entry.key, kindEnd + 1, entry.key.length()), entry.value);
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
    Optional<Match> nearest(final String project, final ItemKind kind, final String itemId, final long hash,
            final long notBefore) {
        final Remembered remembered = scopes.get(new Scope(project, kind));
        return remembered == null ? Optional.empty() : remembered.nearest(itemId, hash, notBefore);
    }

    /** Remembers an item, replacing an expired one with the same hash. */
    void add(final String project, final ItemKind kind, final long hash, final SeenItem seen) {
        store.put(key(project, kind, hash), seen);
        remembered(project, kind).put(hash, seen);
    }

    /** Forgets, in the store and in memory, every item seen before {@code notBefore}. */
    void forgetExpired(final long notBefore) {
        final var scopeIterator = scopes.entrySet().iterator();
        while (scopeIterator.hasNext()) {
            final Map.Entry<Scope, Remembered> scope = scopeIterator.next();
            for (final long hash : scope.getValue().expired(notBefore)) {
                scope.getValue().remove(hash);
                store.delete(key(scope.getKey().project(), scope.getKey().kind(), hash));
            }
            if (scope.getValue().size() == 0) {
                scopeIterator.remove();
            }
        }
    }

    private Remembered remembered(final String project, final ItemKind kind) {
        return scopes.computeIfAbsent(new Scope(project, kind),
                scope -> new Remembered(kind == ItemKind.text ? textDistance : imageDistance));
    }

    private static String key(final String project, final ItemKind kind, final long hash) {
        return project + '|' + kind + '|' + HEX.toHexDigits(hash);
    }

    /** The items of one project and kind: each hash with its item, and d+1 block indexes over the hashes. */
    private static final class Remembered {

        private final int maxDistance;
        private final Long2ObjectOpenHashMap<SeenItem> items = new Long2ObjectOpenHashMap<>();
        /** Per block: block value to the hashes that have it, in no particular order. */
        private final Long2ObjectOpenHashMap<long[]>[] blocks;

        @SuppressWarnings("unchecked")
        Remembered(final int maxDistance) {
            this.maxDistance = maxDistance;
            this.blocks = new Long2ObjectOpenHashMap[maxDistance + 1];
            Arrays.setAll(blocks, block -> new Long2ObjectOpenHashMap<long[]>());
        }

        int size() {
            return items.size();
        }

        Optional<Match> nearest(final String itemId, final long hash, final long notBefore) {
            Match best = null;
            long bestHash = 0;
            int bestBlock = -1;
            for (int block = 0; block < blocks.length; block++) {
                final long[] candidates = blocks[block].get(blockValue(hash, block));
                if (candidates == null) {
                    continue;
                }
                for (final long candidate : candidates) {
                    // the same item has the same content, hence the same hash: the distance sorts out most
                    // candidates before their item is looked up
                    final int distance = SimHash.distance(hash, candidate);
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
                            && block == bestBlock && Long.compareUnsigned(candidate, bestHash) < 0) {
                        best = new Match(seen.itemId(), distance);
                        bestHash = candidate;
                        bestBlock = block;
                    }
                }
            }
            return Optional.ofNullable(best);
        }

        void put(final long hash, final SeenItem seen) {
            if (items.put(hash, seen) != null) {
                return;
            }
            for (int block = 0; block < blocks.length; block++) {
                final long value = blockValue(hash, block);
                final long[] bucket = blocks[block].get(value);
                final long[] grown = bucket == null ? new long[1] : Arrays.copyOf(bucket, bucket.length + 1);
                grown[grown.length - 1] = hash;
                blocks[block].put(value, grown);
            }
        }

        void remove(final long hash) {
            if (items.remove(hash) == null) {
                return;
            }
            for (int block = 0; block < blocks.length; block++) {
                final long value = blockValue(hash, block);
                final long[] bucket = blocks[block].get(value);
                if (bucket.length == 1) {
                    blocks[block].remove(value);
                    continue;
                }
                final long[] shrunk = new long[bucket.length - 1];
                int next = 0;
                for (final long other : bucket) {
                    if (other != hash) {
                        shrunk[next++] = other;
                    }
                }
                blocks[block].put(value, shrunk);
            }
        }

        long[] expired(final long notBefore) {
            return items.long2ObjectEntrySet().stream().filter(entry -> entry.getValue().expired(notBefore))
                    .mapToLong(Long2ObjectMap.Entry::getLongKey).toArray();
        }

        private long blockValue(final long hash, final int block) {
            final int from = block * 64 / blocks.length;
            final int to = (block + 1) * 64 / blocks.length;
            return (hash >>> from) & (to - from == 64 ? -1L : (1L << (to - from)) - 1);
        }
    }
}
