package io.labelstream.labeling.security;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.service.secret.GeneratedSecret;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Makes sure a fresh installation can be administered: when no admin exists, one is created. A password that was
 * not configured is generated and written to a file only the service's user can read, never to the log.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final LabelingConfig config;

    BootstrapAdmin(final LabelingConfig config) {
        this.config = config;
    }

    @Transactional
    void onStart(@Observes final StartupEvent event) {
        if (Account.count("role", Role.ADMIN) > 0) {
            return;
        }
        final LabelingConfig.Security security = config.security();
        final String password = security.bootstrapAdminPassword().orElseGet(() -> writeGenerated(
                Path.of(security.bootstrapAdminPasswordFile())));
        Account.create(security.bootstrapAdmin(), password, Role.ADMIN);
        LOG.infof("Created the first admin account '%s'", security.bootstrapAdmin());
    }

    private static String writeGenerated(final Path file) {
        final String password = GeneratedSecret.readOrCreate(file);
        LOG.infof("The first admin's password is in %s", file.toAbsolutePath());
        return password;
    }
}
