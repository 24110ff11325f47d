package io.labelstream.testing;

import java.util.logging.Level;
import org.jboss.logmanager.LogContext;

/**
 * Log levels as the services run with them, for code that runs service parts outside Quarkus (the benchmarks).
 *
 * <p>Without Quarkus configuring it, JBoss LogManager (on the class path through Quarkus) leaves every logger at
 * TRACE: the Kafka clients and Kafka Streams then format a trace line for each record they handle, which costs
 * more than some of the work being measured.
 */
public final class ServiceLogLevels {

    private ServiceLogLevels() {
    }

    public static void apply() {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    }
}
