package io.labelstream.labeling.service;

import io.labelstream.labeling.security.AccessTokens;
import io.labelstream.labeling.security.Account;
import io.labelstream.labeling.security.Caller;
import io.labelstream.labeling.security.Role;
import io.labelstream.service.errors.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * People's accounts: created by admins (and one admin at first start), never deleted, so labels keep their link;
 * deactivated instead, which ends their sessions and stops their logins at once. A changed password ends the
 * account's sessions too.
 */
@ApplicationScoped
public class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    private static final int MIN_PASSWORD = 10;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final Set<String> PERSON_ROLES = Set.of(Role.LABELER, Role.ADMIN);

    public record NewAccount(String username, String password, String role) {
    }

    public record AccountView(String username, String role, String pseudonym, boolean active) {

        static AccountView of(final Account account) {
            return new AccountView(account.username, account.role, account.pseudonym, account.deactivatedAt == null);
        }
    }

    public record NewPassword(String password) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    private final AccessTokens tokens;

    AccountService(final AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Transactional
    public AccountView create(final NewAccount request) {
        final List<String> errors = new ArrayList<>();
        if (request == null) {
            throw Refusal.invalid("The account is not valid", List.of("body: required"));
        }
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            errors.add("username: 3 to 64 characters from letters, digits and . _ @ -");
        }
        passwordError("password", request.password()).ifPresent(errors::add);
        if (request.role() == null || !PERSON_ROLES.contains(request.role())) {
            errors.add("role: one of " + PERSON_ROLES);
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid("The account is not valid", errors);
        }
        if (Account.byUsername(request.username()).isPresent()) {
            throw Refusal.conflict("account-exists", "An account named " + request.username() + " exists");
        }
        return AccountView.of(Account.create(request.username(), request.password(), request.role()));
    }

    /** Ends the account's sessions and logins; idempotent. Nobody deactivates their own account. */
    @Transactional
    public AccountView deactivate(final String username, final Caller caller) {
        final Account account = require(username);
        if (account.id.equals(caller.accountId())) {
            throw Refusal.conflict("own-account", "You cannot deactivate your own account");
        }
        if (account.deactivatedAt == null) {
            account.deactivate();
            tokens.revokeSessionsOf(account.id);
        }
        return AccountView.of(account);
    }

    /** A deactivated account logs in again, with the password an admin gives it. */
    @Transactional
    public AccountView activate(final String username, final NewPassword request) {
        final Account account = require(username);
        final String password = validPassword("password", request == null ? null : request.password());
        if (account.deactivatedAt == null) {
            throw Refusal.conflict("account-active", "The account " + username + " is active; "
                    + "set its password instead");
        }
        account.setPassword(password);
        account.deactivatedAt = null;
        return AccountView.of(account);
    }

    /** An admin sets an active account's password; its sessions end. */
    @Transactional
    public void setPassword(final String username, final NewPassword request) {
        final Account account = require(username);
        final String password = validPassword("password", request == null ? null : request.password());
        if (account.deactivatedAt != null) {
            throw Refusal.conflict("account-deactivated", "The account " + username
                    + " is deactivated; activate it with a password");
        }
        account.setPassword(password);
        tokens.revokeSessionsOf(account.id);
    }

    /** A person changes their own password, proving the current one; every session of theirs ends. */
    @Transactional
    public void changeOwnPassword(final Caller caller, final PasswordChange request) {
        final String password = validPassword("newPassword", request == null ? null : request.newPassword());
        final Account account = Account.findById(caller.accountId());
        if (account == null || !account.passwordMatches(request.currentPassword())) {
            throw Refusal.forbidden("wrong-password", "Wrong password",
                    "currentPassword is not this account's password");
        }
        account.setPassword(password);
        tokens.revokeSessionsOf(account.id);
    }

    private static Account require(final String username) {
        return Account.byUsername(username).orElseThrow(() -> Refusal.notFound("account " + username));
    }

    private static String validPassword(final String field, final String password) {
        passwordError(field, password).ifPresent(error -> {
            throw Refusal.invalid("The password is not valid", List.of(error));
        });
        return password;
    }

    private static Optional<String> passwordError(final String field, final String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return Optional.of(field + ": at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return Optional.of(field + ": at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return Optional.empty();
    }

    public List<AccountView> all() {
        return Account.<Account>listAll().stream().map(AccountView::of).toList();
    }
}
