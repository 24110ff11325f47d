-- Projects as the trainer last saw them on `projects`.
CREATE TABLE project (
    id            TEXT PRIMARY KEY,
    kind          TEXT        NOT NULL,
    definition    JSONB       NOT NULL,
    revision      BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- Content of clean items: labels carry no content, so the trainer keeps its own copy from `items.clean`.
CREATE TABLE item (
    item_id        TEXT PRIMARY KEY,
    project        TEXT        NOT NULL,
    kind           TEXT        NOT NULL,
    text           TEXT,
    image_png      TEXT,
    content_sha256 TEXT        NOT NULL,
    cleaned_at     TIMESTAMPTZ
);
CREATE INDEX item_project ON item (project);

-- Duplicate to canonical item, from `items.duplicates`.
CREATE TABLE duplicate (
    item_id           TEXT PRIMARY KEY,
    canonical_item_id TEXT NOT NULL,
    project           TEXT NOT NULL,
    match             TEXT NOT NULL
);

-- The latest label of each item, from `labels`.
CREATE TABLE label (
    project       TEXT        NOT NULL,
    item_id       TEXT        NOT NULL,
    label_id      TEXT        NOT NULL,
    label         TEXT        NOT NULL,
    source        TEXT        NOT NULL,
    confidence    DOUBLE PRECISION NOT NULL,
    model_version TEXT,
    lineage       JSONB,
    labeled_at    TIMESTAMPTZ,
    received_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project, item_id)
);
CREATE INDEX label_received ON label (project, received_at);

-- Immutable dataset snapshots: one row per version, one row per member item.
CREATE TABLE dataset_version (
    id             TEXT PRIMARY KEY,
    project        TEXT        NOT NULL,
    content_sha256 TEXT        NOT NULL,
    item_count     INTEGER     NOT NULL,
    class_counts   JSONB       NOT NULL,
    split_counts   JSONB       NOT NULL,
    include_model_labels BOOLEAN NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (project, content_sha256)
);

CREATE TABLE dataset_item (
    dataset_id        TEXT NOT NULL REFERENCES dataset_version (id),
    item_id           TEXT NOT NULL,
    canonical_item_id TEXT NOT NULL,
    label             TEXT NOT NULL,
    source            TEXT NOT NULL,
    label_id          TEXT NOT NULL,
    content_sha256    TEXT NOT NULL,
    split             TEXT NOT NULL,
    PRIMARY KEY (dataset_id, item_id)
);

CREATE TABLE training_run (
    id              TEXT PRIMARY KEY,
    project         TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    trigger         TEXT        NOT NULL,
    dataset_version TEXT REFERENCES dataset_version (id),
    model_version   TEXT,
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ
);
-- One run per project at a time, enforced by the database and not only by the scheduler.
CREATE UNIQUE INDEX training_run_one_active ON training_run (project) WHERE status IN ('queued', 'running');

CREATE TABLE model_version (
    id              TEXT PRIMARY KEY,
    project         TEXT        NOT NULL,
    number          INTEGER     NOT NULL,
    run_id          TEXT        NOT NULL REFERENCES training_run (id),
    dataset_version TEXT        NOT NULL REFERENCES dataset_version (id),
    architecture    TEXT        NOT NULL,
    labels          JSONB       NOT NULL,
    hyperparameters JSONB       NOT NULL,
    search_trials   JSONB       NOT NULL,
    metrics         JSONB       NOT NULL,
    evaluation      JSONB       NOT NULL,
    temperature     DOUBLE PRECISION NOT NULL,
    code_version    TEXT        NOT NULL,
    artifact_sha256 TEXT        NOT NULL,
    artifact_uri    TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (project, number)
);

-- Every change of champion, newest last; rollback walks back along it.
CREATE TABLE champion_change (
    id            BIGSERIAL PRIMARY KEY,
    project       TEXT        NOT NULL,
    model_version TEXT        NOT NULL REFERENCES model_version (id),
    action        TEXT        NOT NULL,
    reason        TEXT        NOT NULL,
    changed_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX champion_change_project ON champion_change (project, id);
