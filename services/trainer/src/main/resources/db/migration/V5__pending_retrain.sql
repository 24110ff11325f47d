-- A retrain request that came while a run held the project waits here for that run to end: one follow-up run
-- answers every request that came in the meantime.
ALTER TABLE project ADD COLUMN retrain_pending_since TIMESTAMPTZ;
ALTER TABLE project ADD COLUMN retrain_pending_reason TEXT;
