package io.labelstream.labeling.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.PasswordType;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** A person who logs in: a labeler or an admin. Passwords are stored as bcrypt hashes (modular crypt format). */
@Entity
@Table(name = "account")
@UserDefinition
public class Account extends PanacheEntityBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Username
    public String username;

    @Password(PasswordType.MCF)
    @Column(name = "password_hash")
    public String passwordHash;

    @Roles
    public String role;

    /** What labels carry instead of the username, so that exported data names nobody. */
    public String pseudonym;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Account create(final String username, final String password, final String role) {
        final Account account = new Account();
        account.username = username;
        account.passwordHash = BcryptUtil.bcryptHash(password);
        account.role = role;
        account.pseudonym = "lb-" + HexFormat.of().formatHex(randomBytes());
        account.createdAt = Instant.now();
        account.persist();
        return account;
    }

    public static Optional<Account> byUsername(final String username) {
        return find("username", username).firstResultOptional();
    }

    private static byte[] randomBytes() {
        final byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
