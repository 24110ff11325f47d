package io.labelstream.labeling.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
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
 * request) and long-lived service tokens for machines. A token is shown once; only its SHA-256 is stored.
 */
@ApplicationScoped
public class AccessTokens {

    /** Identity attribute holding the account id of a session, so that requests need no second lookup. */
    public static final String ACCOUNT_ID = "labelstream.account-id";
    public static final String PSEUDONYM = "labelstream.pseudonym";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource dataSource;

    AccessTokens(final AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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

    /** Ends every session of the account at once (deactivated, or its password changed). */
    public void revokeSessionsOf(final long accountId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "UPDATE labeling.access_token SET revoked_at = now() WHERE account_id = ? AND revoked_at IS NULL")) {
            statement.setLong(1, accountId);
            statement.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot end the sessions of account " + accountId, e);
        }
    }

    public void revoke(final String token) {
        update("UPDATE labeling.access_token SET revoked_at = now() WHERE token_sha256 = ?", sha256(token));
    }

    public Optional<SecurityIdentity> identify(final String token) {
        final String sql = """
                SELECT t.kind, t.name, a.id, a.username, a.role, a.pseudonym
                FROM labeling.access_token t LEFT JOIN labeling.account a ON a.id = t.account_id
                WHERE t.token_sha256 = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
                  AND (a.id IS NULL OR a.deactivated_at IS NULL)
                """;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sha256(token));
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                final QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder();
                if ("service".equals(row.getString("kind"))) {
                    identity.setPrincipal(new QuarkusPrincipal("service:" + row.getString("name"))).addRole(Role.SERVICE);
                } else {
                    identity.setPrincipal(new QuarkusPrincipal(row.getString("username")))
                            .addRole(row.getString("role"))
                            .addAttribute(ACCOUNT_ID, row.getLong("id"))
                            .addAttribute(PSEUDONYM, row.getString("pseudonym"));
                }
                return Optional.of(identity.build());
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot check an access token", e);
        }
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

    private void update(final String sql, final String parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot update an access token", e);
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
