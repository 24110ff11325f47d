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

    /** Set while the account cannot log in; its labels and answers stay. */
    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    public void setPassword(final String password) {
        passwordHash = BcryptUtil.bcryptHash(password);
    }

    /** Replaces the password by an unknown one (a hash of random bytes), so no password logs in. */
    public void deactivate() {
        passwordHash = BcryptUtil.bcryptHash(HexFormat.of().formatHex(randomBytes()));
        deactivatedAt = Instant.now();
    }

    public boolean passwordMatches(final String password) {
        return password != null && BcryptUtil.matches(password, passwordHash);
    }

    public static Account create(final String username, final String password, final String role) {
        final Account account = new Account();
        account.username = username;
        account.setPassword(password);
        account.role = role;
        account.pseudonym = newPseudonym();
        account.createdAt = Instant.now();
        account.persist();
        return account;
    }

    /** A fresh random pseudonym, what labels carry instead of a username. */
    public static String newPseudonym() {
        return "lb-" + HexFormat.of().formatHex(randomBytes()).substring(0, 12);
    }

    public static Optional<Account> byUsername(final String username) {
        return find("username", username).firstResultOptional();
    }

    private static byte[] randomBytes() {
        final byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
