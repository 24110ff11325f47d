package io.labelstream.labeling.service;

import io.labelstream.labeling.rest.ProblemException;
import io.labelstream.labeling.security.Account;
import io.labelstream.labeling.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** People's accounts: created by admins (and one admin at first start), never deleted, so labels keep their link. */
@ApplicationScoped
public class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    private static final int MIN_PASSWORD = 10;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final Set<String> PERSON_ROLES = Set.of(Role.LABELER, Role.ADMIN);

    public record NewAccount(String username, String password, String role) {
    }

    public record AccountView(String username, String role, String pseudonym) {

        static AccountView of(final Account account) {
            return new AccountView(account.username, account.role, account.pseudonym);
        }
    }

    @Transactional
    public AccountView create(final NewAccount request) {
        final List<String> errors = new ArrayList<>();
        if (request == null) {
            throw ProblemException.invalid("The account is not valid", List.of("body: required"));
        }
        if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
            errors.add("username: 3 to 64 characters from letters, digits and . _ @ -");
        }
        if (request.password() == null || request.password().length() < MIN_PASSWORD) {
            errors.add("password: at least " + MIN_PASSWORD + " characters");
        } else if (request.password().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            errors.add("password: at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        if (request.role() == null || !PERSON_ROLES.contains(request.role())) {
            errors.add("role: one of " + PERSON_ROLES);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The account is not valid", errors);
        }
        if (Account.byUsername(request.username()).isPresent()) {
            throw ProblemException.conflict("account-exists", "An account named " + request.username() + " exists");
        }
        return AccountView.of(Account.create(request.username(), request.password(), request.role()));
    }

    public List<AccountView> all() {
        return Account.<Account>listAll().stream().map(AccountView::of).toList();
    }
}
