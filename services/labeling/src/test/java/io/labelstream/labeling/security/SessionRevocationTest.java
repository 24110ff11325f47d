package io.labelstream.labeling.security;

import static io.labelstream.labeling.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.Api;
import io.labelstream.labeling.TopicsAndTables;
import io.labelstream.testing.KafkaTestResource;
import io.labelstream.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Sessions are answered from memory once seen, and yet a revocation made by any instance sharing the database ends
 * them here: the revoking instance announces it, and this one hears it.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = TopicsAndTables.TOPICS))
@WithTestResource(PostgresTestResource.class)
class SessionRevocationTest {

    @Inject
    AccessTokens tokens;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Test
    void shouldEndASessionRememberedHereWhenAnotherInstanceRevokesIt() throws SQLException {
        final String labeler = Api.newLabeler("elsewhere");
        final String session = Api.session(labeler);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            bearer(session).get("/api/v1/me").then().statusCode(200);
            return tokens.remembered(session).isPresent();
        });

        final AccessTokens otherInstance = new AccessTokens(dataSource, transactions);
        otherInstance.revokeSessionsOf(accountId(labeler));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                bearer(session).get("/api/v1/me").then().statusCode(401).contentType("application/problem+json"));
        assertThat(tokens.remembered(session)).isEmpty();
    }

    private long accountId(final String username) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT id FROM labeling.account WHERE username = ?")) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
