package io.labelstream.inference.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.labelstream.inference.kafka.TopicFollower;
import io.labelstream.schemas.events.Project;

/** The latest configuration of every project, as the compacted {@code projects} topic tells it. */
public final class ProjectDirectory implements TopicFollower.Listener<Project> {

    private final Map<String, Project> projects = new ConcurrentHashMap<>();

    @Override
    public void onRecord(final String key, final Project value) {
        if (value == null) {
            projects.remove(key);
        } else {
            projects.put(value.id() != null ? value.id() : key, value);
        }
    }

    public Optional<Project> find(final String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(projects.get(id));
    }
}
