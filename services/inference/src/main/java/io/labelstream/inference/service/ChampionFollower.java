package io.labelstream.inference.service;

import java.util.LinkedHashMap;
import java.util.Map;

import io.labelstream.inference.kafka.TopicFollower;
import io.labelstream.schemas.events.ModelEvent;

/**
 * Turns {@code models} into champions. While the retained history is replayed at start only the last promoted or
 * rolled_back event of each project counts (the current champion), so that start-up loads one model per project
 * instead of every model ever promoted; afterwards every such event swaps the champion at once. A rolled_back event
 * names the model that is champion again.
 */
public final class ChampionFollower implements TopicFollower.Listener<ModelEvent> {

    private final ModelRegistry registry;
    private final Map<String, ModelEvent> replayedChampions = new LinkedHashMap<>();
    private boolean replaying = true;

    public ChampionFollower(final ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRecord(final String key, final ModelEvent event) {
        if (event == null || event.project() == null) {
            return;
        }
        registry.remember(event);
        if (!makesChampion(event)) {
            return;
        }
        if (replaying) {
            replayedChampions.put(event.project(), event);
        } else {
            registry.promote(event);
        }
    }

    @Override
    public void caughtUp() {
        replayedChampions.values().forEach(registry::promote);
        replayedChampions.clear();
        replaying = false;
    }

    private static boolean makesChampion(final ModelEvent event) {
        return (event.type() == ModelEvent.Type.promoted || event.type() == ModelEvent.Type.rolled_back)
                && event.artifactSha256() != null;
    }
}
