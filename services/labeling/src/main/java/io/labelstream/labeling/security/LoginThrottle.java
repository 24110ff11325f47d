package io.labelstream.labeling.security;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.service.security.FailedAttempts;
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

    private final FailedAttempts perAccount;
    private final FailedAttempts perAddress;

    @Inject
    LoginThrottle(final LabelingConfig config) {
        this(config.security().failedLoginsPerAccount(), config.security().failedLoginsPerAddress(),
                config.security().failedLoginPeriod());
    }

    LoginThrottle(final int perAccount, final int perAddress, final Duration period) {
        this.perAccount = new FailedAttempts(perAccount, period);
        this.perAddress = new FailedAttempts(perAddress, period);
    }

    /** How long the account (may be null) or the address must wait before the next log-in; empty when it need not. */
    public Optional<Duration> wait(final String account, final String address) {
        return FailedAttempts.longer(perAccount.wait(accountKey(account)), perAddress.wait(address));
    }

    /** A log-in of the account (may be null: a bad token, or no name) from the address failed. */
    public void failed(final String account, final String address) {
        perAccount.failed(accountKey(account));
        perAddress.failed(address);
    }

    private static String accountKey(final String account) {
        return account == null ? null : account.toLowerCase(Locale.ROOT);
    }
}
