package io.labelstream.labeling.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Bearer tokens: a session after a password login (so that the slow bcrypt check runs once per login, not per
 * request) and long-lived service tokens for machines. A token is shown once; only its SHA-256 is stored. Tokens
 * found valid are remembered ({@link KnownTokens}) while revocations are heard, so most requests read nothing.
 */
@ApplicationScoped
public class AccessTokens {

    /** Identity attribute holding the account id of a session, so that requests need no second lookup. */
    public static final String ACCOUNT_ID = "labelstream.account-id";
    public static final String PSEUDONYM = "labelstream.pseudonym";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final KnownTokens known = new KnownTokens();

    AccessTokens(final AgroalDataSource dataSource, final TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    public String openSession(final long accountId, final Duration lifetime) {
        final String token = newToken();
        insert(token, "session", accountId, null, Instant.now().plus(lifetime));
        return token;
    }

    public String issueServiceToken(final String name) {
        final String token = newToken();
        insert(token, "service", null, name, null);
        return token;
    }

    /**
     * Ends every session of the account at once (deactivated, or its password changed), in this instance and, through
     * the notification sent when the transaction commits, in every other one.
     */
    public void revokeSessionsOf(final long accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement revoke = connection.prepareStatement("UPDATE labeling.access_token "
                        + "SET revoked_at = now() WHERE account_id = ? AND revoked_at IS NULL");
                PreparedStatement announce = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            revoke.setLong(1, accountId);
            revoke.executeUpdate();
            announce.setString(1, RevocationListener.CHANNEL);
            announce.setString(2, Long.toString(accountId));
            announce.execute();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot end the sessions of account " + accountId, e);
        }
        known.revokedSessionsOf(accountId);
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            // a request that read the token before the commit may have stored it since
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(final int status) {
                    known.revokedSessionsOf(accountId);
                }
            });
        }
    }

    /** The identity of a token this instance knows to be valid, without a database read; empty when it must read. */
    public Optional<SecurityIdentity> remembered(final String token) {
        return known.get(sha256(token));
    }

    public Optional<SecurityIdentity> identify(final String token) {
        final String tokenSha256 = sha256(token);
        final Optional<SecurityIdentity> remembered = known.get(tokenSha256);
        if (remembered.isPresent()) {
            return remembered;
        }
        final long generation = known.generation();
        final String sql = """
                SELECT t.kind, t.name, t.expires_at, a.id, a.username, a.role, a.pseudonym
                FROM labeling.access_token t LEFT JOIN labeling.account a ON a.id = t.account_id
                WHERE t.token_sha256 = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
                  AND (a.id IS NULL OR a.deactivated_at IS NULL)
                """;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tokenSha256);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                final QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder();
                final Long accountId;
                if ("service".equals(row.getString("kind"))) {
                    accountId = null;
                    builder.setPrincipal(new QuarkusPrincipal("service:" + row.getString("name"))).addRole(Role.SERVICE);
                } else {
                    accountId = row.getLong("id");
                    builder.setPrincipal(new QuarkusPrincipal(row.getString("username")))
                            .addRole(row.getString("role"))
                            .addAttribute(ACCOUNT_ID, accountId)
                            .addAttribute(PSEUDONYM, row.getString("pseudonym"));
                }
                final SecurityIdentity identity = builder.build();
                final Timestamp expiresAt = row.getTimestamp("expires_at");
                known.put(tokenSha256, identity, accountId, expiresAt == null ? null : expiresAt.toInstant(),
                        generation);
                return Optional.of(identity);
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot check an access token", e);
        }
    }

    KnownTokens known() {
        return known;
    }

    private void insert(final String token, final String kind, final Long accountId, final String name,
            final Instant expiresAt) {
        final String sql = "INSERT INTO labeling.access_token (token_sha256, kind, account_id, name, expires_at) "
                + "VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sha256(token));
            statement.setString(2, kind);
            statement.setObject(3, accountId);
            statement.setString(4, name);
            statement.setTimestamp(5, expiresAt == null ? null : Timestamp.from(expiresAt));
            statement.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot store an access token", e);
        }
    }

    private static String newToken() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(final String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
