package io.labelstream.labeling.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class KnownTokensTest {

    private static final SecurityIdentity ANNA =
            QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("anna")).addRole(Role.LABELER).build();
    private static final Instant LATER = Instant.now().plus(1, ChronoUnit.HOURS);

    @Test
    void shouldAnswerFromMemoryOnlyWhileRevocationsAreHeard() {
        final KnownTokens known = new KnownTokens();
        known.put("a", ANNA, 1L, LATER, known.generation());
        assertThat(known.get("a")).as("not listening yet").isEmpty();

        known.trust();
        known.put("a", ANNA, 1L, LATER, known.generation());
        assertThat(known.get("a")).contains(ANNA);

        known.distrust();
        assertThat(known.get("a")).isEmpty();
        known.trust();
        assertThat(known.get("a")).as("revocations may have been missed while not listening").isEmpty();
    }

    @Test
    void shouldForgetEveryTokenOfAnAccountWhoseSessionsWereRevoked() {
        final KnownTokens known = trusted();
        known.put("a1", ANNA, 1L, LATER, known.generation());
        known.put("a2", ANNA, 1L, LATER, known.generation());
        known.put("b", ANNA, 2L, LATER, known.generation());
        known.put("service", ANNA, null, null, known.generation());

        known.revokedSessionsOf(1L);

        assertThat(known.get("a1")).isEmpty();
        assertThat(known.get("a2")).isEmpty();
        assertThat(known.get("b")).isPresent();
        assertThat(known.get("service")).isPresent();
    }

    @Test
    void shouldNotKeepAnIdentityReadBeforeARevocationThatArrivedInBetween() {
        final KnownTokens known = trusted();
        final long readAt = known.generation();
        known.revokedSessionsOf(7L);
        known.put("a", ANNA, 1L, LATER, readAt);
        assertThat(known.get("a")).isEmpty();
    }

    @Test
    void shouldNotAnswerForAnExpiredSession() {
        final KnownTokens known = trusted();
        known.put("a", ANNA, 1L, Instant.now().minusMillis(1), known.generation());
        assertThat(known.get("a")).isEmpty();
    }

    private static KnownTokens trusted() {
        final KnownTokens known = new KnownTokens();
        known.trust();
        return known;
    }
}
