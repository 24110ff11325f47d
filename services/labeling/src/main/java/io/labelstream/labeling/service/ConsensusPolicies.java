package io.labelstream.labeling.service;

import io.labelstream.labeling.config.LabelingConfig;
import io.labelstream.schemas.events.Project;

/** The consensus policy a project is decided by. */
final class ConsensusPolicies {

    private ConsensusPolicies() {
    }

    static Project.ConsensusPolicy defaults(final LabelingConfig.Consensus config) {
        return new Project.ConsensusPolicy(config.method(), config.minAnswersForModel(),
                (int) Math.max(1, config.refitEvery().toSeconds()),
                (int) Math.max(1, config.stragglerAfter().toMinutes()), config.stragglers());
    }

    /** The project's own policy; a project stored before policies were published has the service's defaults. */
    static Project.ConsensusPolicy of(final Project project, final LabelingConfig.Consensus config) {
        return project.consensus() != null ? project.consensus() : defaults(config);
    }
}
