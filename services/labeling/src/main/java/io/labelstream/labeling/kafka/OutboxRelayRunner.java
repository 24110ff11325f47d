package io.labelstream.labeling.kafka;

import io.agroal.api.AgroalDataSource;
import io.labelstream.labeling.config.LabelingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.jboss.logging.Logger;

/** Runs the {@link OutboxRelay} on its own thread for the life of the service, retrying through outages. */
@ApplicationScoped
public class OutboxRelayRunner {

    private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);

    private final LabelingConfig config;
    private final OutboxRelay relay;
    private volatile boolean running;
    private Thread thread;

    OutboxRelayRunner(final LabelingConfig config, final AgroalDataSource dataSource,
            @Identifier("default-kafka-broker") final Map<String, Object> kafkaConfig) {
        this.config = config;
        this.relay = new OutboxRelay(dataSource, kafkaConfig, config.outbox().transactionalId(),
                config.outbox().batchSize());
    }

    void onStart(@Observes final StartupEvent event) {
        if (!config.outbox().relay()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes final ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        relay.close();
    }

    private void run() {
        boolean failing = false;
        while (running) {
            try {
                final int published = relay.relayOnce();
                if (failing) {
                    LOG.info("The outbox relay works again");
                    failing = false;
                }
                if (published == 0) {
                    Thread.sleep(config.outbox().idleWait().toMillis());
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (final Exception e) {
                if (!failing) {
                    LOG.warnf("The outbox relay cannot publish (%s); it retries every %s", e, config.outbox().retryWait());
                    failing = true;
                }
                relay.reset();
                if (!sleep(config.outbox().retryWait().toMillis())) {
                    return;
                }
            }
        }
    }

    private static boolean sleep(final long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
