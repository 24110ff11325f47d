package io.labelstream.service.security;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * Slows down guessing of a credential (a password, an API key, a token): each failed attempt takes a permit from its
 * key's rate limiter (an account, a client address), {@code allowed} per {@code period}; while a key has none left,
 * its attempts are to be refused with the time to wait, without checking the credential. Limits live in each
 * instance's memory; keys nobody used for a while are forgotten, so that guessing many keys cannot fill it.
 */
public final class FailedAttempts {

    private static final long MAX_KEYS = 100_000;

    private final RateLimiterConfig limit;
    private final Cache<String, AtomicRateLimiter> limiters;

    public FailedAttempts(final int allowed, final Duration period) {
        this.limit = RateLimiterConfig.custom().limitForPeriod(allowed).limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO).build();
        this.limiters = Caffeine.newBuilder().expireAfterAccess(period.multipliedBy(2)).maximumSize(MAX_KEYS).build();
    }

    /** How long attempts of the key must wait; empty when they need not, or when there is no key. */
    public Optional<Duration> wait(final String key) {
        if (key == null) {
            return Optional.empty();
        }
        final AtomicRateLimiter limiter = limiters.getIfPresent(key);
        if (limiter == null || limiter.getMetrics().getAvailablePermissions() > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(1, limiter.getDetailedMetrics().getNanosToWait())));
    }

    /** An attempt of the key failed; nothing happens for no key. */
    public void failed(final String key) {
        if (key != null) {
            limiters.get(key, name -> new AtomicRateLimiter(name, limit)).acquirePermission();
        }
    }

    /** The longer of two waits: an attempt is refused while either of its keys must wait. */
    public static Optional<Duration> longer(final Optional<Duration> first, final Optional<Duration> second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() || first.get().compareTo(second.get()) >= 0 ? first : second;
    }

    /** Seconds for a {@code Retry-After} header: never 0, which would invite the retry at once. */
    public static long retryAfterSeconds(final Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
