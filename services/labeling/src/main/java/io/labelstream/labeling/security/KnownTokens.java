package io.labelstream.labeling.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens this instance recently found valid, so that a request needs no database read to know its caller. An entry
 * is trusted only while revocations reach this instance ({@link RevocationListener}): every revocation, here or in
 * another instance, drops the entries it concerns, and losing the listener drops them all.
 *
 * <p>A request that read the database may race with a revocation it did not see; the generation makes it drop what
 * it stored when any revocation arrived in between, so a stale identity is never kept.
 */
final class KnownTokens {

    /** A backstop only: revocations, not age, are what keeps the entries true. */
    private static final Duration KEEP_FOR = Duration.ofMinutes(5);
    private static final long MAX_ENTRIES = 100_000;

    private record Entry(SecurityIdentity identity, Long accountId, Instant expiresAt) {
    }

    private final Cache<String, Entry> entries =
            Caffeine.newBuilder().expireAfterWrite(KEEP_FOR).maximumSize(MAX_ENTRIES).build();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean trusted;

    /** The identity of a token known to be valid, or empty when the database must be asked. */
    Optional<SecurityIdentity> get(final String tokenSha256) {
        if (!trusted) {
            return Optional.empty();
        }
        final Entry entry = entries.getIfPresent(tokenSha256);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAt() != null && !Instant.now().isBefore(entry.expiresAt())) {
            entries.invalidate(tokenSha256);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /** To be read before the database is asked, and handed to {@link #put}. */
    long generation() {
        return generation.get();
    }

    void put(final String tokenSha256, final SecurityIdentity identity, final Long accountId, final Instant expiresAt,
            final long readAtGeneration) {
        if (!trusted) {
            return;
        }
        entries.put(tokenSha256, new Entry(identity, accountId, expiresAt));
        if (generation.get() != readAtGeneration) {
            entries.invalidate(tokenSha256);
        }
    }

    void revokedSessionsOf(final long accountId) {
        generation.incrementAndGet();
        entries.asMap().values().removeIf(entry -> entry.accountId() != null && entry.accountId() == accountId);
    }

    /** Revocations reach this instance again: start from nothing, as some may have been missed. */
    void trust() {
        forgetAll();
        trusted = true;
    }

    /** Revocations may not reach this instance: every request asks the database until {@link #trust()}. */
    void distrust() {
        trusted = false;
        forgetAll();
    }

    private void forgetAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }
}
