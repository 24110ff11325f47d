package io.labelstream.labeling.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.labelstream.labeling.config.LabelingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down password guessing: every failed log-in takes a permit from its account's and from its client address's
 * rate limiter (a few per minute for an account, more for an address, which several people may share); while either
 * has none left, log-ins of that account or from that address are refused with the time to wait, without checking
 * the password. Limits live in each instance's memory; keys nobody used for a while are forgotten, so guessing many
 * names cannot fill it.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final long MAX_KEYS = 100_000;

    private final RateLimiterConfig perAccount;
    private final RateLimiterConfig perAddress;
    private final Cache<String, AtomicRateLimiter> limiters;

    @Inject
    LoginThrottle(final LabelingConfig config) {
        this(config.security().failedLoginsPerAccount(), config.security().failedLoginsPerAddress(),
                config.security().failedLoginPeriod());
    }

    LoginThrottle(final int perAccount, final int perAddress, final Duration period) {
        this.perAccount = limit(perAccount, period);
        this.perAddress = limit(perAddress, period);
        this.limiters = Caffeine.newBuilder().expireAfterAccess(period.multipliedBy(2)).maximumSize(MAX_KEYS).build();
    }

    /** How long the account (may be null) or the address must wait before the next log-in; empty when it need not. */
    public Optional<Duration> wait(final String account, final String address) {
        final long nanos = Math.max(waitNanos(accountKey(account)), waitNanos(addressKey(address)));
        return nanos > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    /** A log-in of the account (may be null: a bad token, or no name) from the address failed. */
    public void failed(final String account, final String address) {
        if (account != null) {
            limiter(accountKey(account), perAccount).acquirePermission();
        }
        limiter(addressKey(address), perAddress).acquirePermission();
    }

    private long waitNanos(final String key) {
        if (key == null) {
            return 0;
        }
        final AtomicRateLimiter limiter = limiters.getIfPresent(key);
        if (limiter == null || limiter.getMetrics().getAvailablePermissions() > 0) {
            return 0;
        }
        return Math.max(1, limiter.getDetailedMetrics().getNanosToWait());
    }

    private AtomicRateLimiter limiter(final String key, final RateLimiterConfig config) {
        return limiters.get(key, name -> (AtomicRateLimiter) RateLimiter.of(name, config));
    }

    private static String accountKey(final String account) {
        return account == null ? null : "account:" + account.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(final String address) {
        return "address:" + address;
    }

    private static RateLimiterConfig limit(final int failures, final Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(failures).limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO).build();
    }
}
