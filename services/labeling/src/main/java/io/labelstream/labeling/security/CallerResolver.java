package io.labelstream.labeling.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** The account behind the current identity; service tokens have none and may not act as a person. */
@ApplicationScoped
public class CallerResolver {

    private final SecurityIdentity identity;

    CallerResolver(final SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        final Long accountId = identity.getAttribute(AccessTokens.ACCOUNT_ID);
        final String username = identity.getPrincipal().getName();
        if (accountId != null) {
            return new Caller(accountId, username, role(), identity.getAttribute(AccessTokens.PSEUDONYM));
        }
        final Account account = Account.byUsername(username)
                .orElseThrow(() -> new ForbiddenException("A service token does not act as a person"));
        return new Caller(account.id, account.username, account.role, account.pseudonym);
    }

    private String role() {
        return identity.hasRole(Role.ADMIN) ? Role.ADMIN : Role.LABELER;
    }
}
