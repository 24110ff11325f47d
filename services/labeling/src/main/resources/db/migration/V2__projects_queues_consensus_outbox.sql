-- Projects as published on the compacted projects topic; the JSON document is the contract, the columns index it.
CREATE TABLE project (
    id          text PRIMARY KEY,
    revision    bigint NOT NULL,
    definition  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL
);

-- People who log in. Passwords are bcrypt (modular crypt format). The pseudonym is what leaves the service.
CREATE TABLE account (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('labeler', 'admin')),
    pseudonym      text NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens: sessions (after a password login) and service tokens (for machines). Only a SHA-256 of each is
-- kept: tokens are 256 random bits, so a slow password hash would add cost and no safety.
CREATE TABLE access_token (
    token_sha256  text PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('session', 'service')),
    account_id    bigint REFERENCES account (id),
    name          text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    CHECK ((kind = 'session') = (account_id IS NOT NULL)),
    CHECK ((kind = 'service') = (name IS NOT NULL))
);
CREATE UNIQUE INDEX access_token_service_name ON access_token (name) WHERE kind = 'service' AND revoked_at IS NULL;

-- One row per item to label. lane: 0 = regular (by uncertainty), 1 = QA sample, 2 = gold.
-- wanted grows from the project's minimum towards its maximum while answers disagree; gold never fills up.
CREATE TABLE task (
    id            bigserial PRIMARY KEY,
    task_id       text NOT NULL UNIQUE,
    project_id    text NOT NULL REFERENCES project (id),
    item_id       text NOT NULL,
    kind          text NOT NULL,
    reason        text NOT NULL,
    lane          smallint NOT NULL CHECK (lane IN (0, 1, 2)),
    priority      double precision NOT NULL,
    text_content  text,
    image_png     text,
    prediction    text,
    lineage       text,
    gold_label    text,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'final', 'unresolved', 'flagged')),
    wanted        integer NOT NULL,
    answered      integer NOT NULL DEFAULT 0,
    leased        integer NOT NULL DEFAULT 0,
    flags         integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((lane = 2) = (gold_label IS NOT NULL)),
    CHECK (answered >= 0 AND leased >= 0)
);
-- The queue: only tasks that still have a free slot, in the order they are handed out.
CREATE INDEX task_queue ON task (project_id, lane, priority DESC, id)
    WHERE status = 'open' AND answered + leased < wanted;
CREATE INDEX task_project_status ON task (project_id, status);

-- A labeler's hold on a task. One row per (task, labeler) ever: nobody sees the same item twice.
CREATE TABLE assignment (
    id             uuid PRIMARY KEY,
    task_pk        bigint NOT NULL REFERENCES task (id),
    project_id     text NOT NULL,
    account_id     bigint NOT NULL REFERENCES account (id),
    status         text NOT NULL CHECK (status IN ('leased', 'submitted', 'skipped', 'expired')),
    leased_at      timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    submission_id  text,
    label          text,
    skip_reason    text,
    comment        text,
    counted        boolean NOT NULL DEFAULT false,
    submitted_at   timestamptz,
    UNIQUE (task_pk, account_id),
    UNIQUE (account_id, submission_id)
);
CREATE INDEX assignment_expiry ON assignment (expires_at) WHERE status = 'leased';
CREATE INDEX assignment_open ON assignment (account_id, project_id) WHERE status = 'leased';
CREATE INDEX assignment_task ON assignment (task_pk) WHERE counted;

-- Final labels, one per task; each also went to the outbox in the same transaction.
CREATE TABLE final_label (
    id          bigserial PRIMARY KEY,
    label_id    text NOT NULL UNIQUE,
    task_pk     bigint NOT NULL UNIQUE REFERENCES task (id),
    project_id  text NOT NULL,
    item_id     text NOT NULL,
    label       text NOT NULL,
    method      text NOT NULL,
    confidence  double precision NOT NULL,
    event       text NOT NULL,
    labeled_at  timestamptz NOT NULL
);
CREATE INDEX final_label_project ON final_label (project_id, id);

-- Dawid-Skene fits: class priors per project, one confusion matrix per labeler.
CREATE TABLE project_model (
    project_id  text PRIMARY KEY REFERENCES project (id),
    priors      text NOT NULL,
    answers     integer NOT NULL,
    iterations  integer NOT NULL,
    fitted_at   timestamptz NOT NULL
);
CREATE TABLE labeler_model (
    project_id   text NOT NULL REFERENCES project (id),
    account_id   bigint NOT NULL REFERENCES account (id),
    confusion    text NOT NULL,
    accuracy     double precision NOT NULL,
    PRIMARY KEY (project_id, account_id)
);

-- A suspended labeler gets no work in the project and their answers on open items no longer count.
CREATE TABLE suspension (
    project_id     text NOT NULL REFERENCES project (id),
    account_id     bigint NOT NULL REFERENCES account (id),
    reason         text NOT NULL,
    suspended_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, account_id)
);

-- Transactional outbox: written in the same transaction as the change it announces; a null payload is a tombstone.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    topic         text NOT NULL,
    record_key    text NOT NULL,
    payload       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- What the relay knows it has published: the end offsets after its last confirmed batch, and whether a batch
-- may have reached Kafka without being marked here (then the next relay reads from these offsets to find out).
CREATE TABLE outbox_relay_state (
    id           integer PRIMARY KEY CHECK (id = 1),
    in_doubt     boolean NOT NULL,
    checkpoints  text NOT NULL
);
INSERT INTO outbox_relay_state (id, in_doubt, checkpoints) VALUES (1, false, '{}');
