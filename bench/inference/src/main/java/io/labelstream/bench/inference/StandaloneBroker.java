package io.labelstream.bench.inference;

import io.labelstream.testing.TestKafkaCluster;

/**
 * The benchmark's single-node broker in a JVM of its own, as in production, where the service's JVM holds no broker:
 * run it ({@code mvn -q -pl bench/inference exec:java -Dbench.main=io.labelstream.bench.inference.StandaloneBroker})
 * and pass the flag it prints to the benchmark. It runs until stopped; the broker's threads then stay out of the
 * benchmark's core arrangement, free to use every core.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(final String[] args) throws InterruptedException {
        System.out.println("-Dlabelstream.test.kafka.bootstrap-servers=" + TestKafkaCluster.bootstrapServers());
        Thread.currentThread().join();
    }
}
