-- When a task last changed in a way its readers care about (status, answers, flags, lane, priority; not leases),
-- so integrators can page through what changed since their last sync.
ALTER TABLE task ADD COLUMN updated_at timestamptz;
UPDATE task SET updated_at = created_at;
ALTER TABLE task ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();
CREATE INDEX task_updated ON task (project_id, updated_at, id);

CREATE FUNCTION task_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER task_touch BEFORE UPDATE ON task FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.answered IS DISTINCT FROM NEW.answered
          OR OLD.flags IS DISTINCT FROM NEW.flags OR OLD.lane IS DISTINCT FROM NEW.lane
          OR OLD.priority IS DISTINCT FROM NEW.priority)
    EXECUTE FUNCTION task_touch();
