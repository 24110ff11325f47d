package io.labelstream.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Names this trainer process in the runs it claims. The host name (a pod's name in Kubernetes) tells an operator
 * where a run trained; the random suffix keeps a restarted process from taking over its predecessor's runs.
 */
@ApplicationScoped
public class TrainerInstance {

    private final String id = Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank())
            .orElse("trainer") + "-" + UUID.randomUUID().toString().substring(0, 8);

    public String id() {
        return id;
    }
}
