package io.labelstream.labeling.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Turns a bearer token into the identity of its session or service; unknown, expired or revoked tokens fail. */
@ApplicationScoped
public class AccessTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final AccessTokens tokens;

    AccessTokenIdentityProvider(final AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(final TokenAuthenticationRequest request,
            final AuthenticationRequestContext context) {
        final String token = request.getToken().getToken();
        final Optional<SecurityIdentity> remembered = tokens.remembered(token);
        if (remembered.isPresent()) {
            // no database read, so no hop to a worker thread either
            return Uni.createFrom().item(remembered.get());
        }
        return context.runBlocking(() -> tokens.identify(token)
                .orElseThrow(() -> new AuthenticationFailedException("Unknown, expired or revoked token")));
    }
}
