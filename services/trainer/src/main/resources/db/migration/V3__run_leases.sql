-- Trainers sharing the database claim runs with a lease: the trainer that queued a run owns it and renews
-- lease_until while it lives; a queued or running run whose lease ran out lost its trainer and is failed.
ALTER TABLE training_run ADD COLUMN owner TEXT;
ALTER TABLE training_run ADD COLUMN lease_until TIMESTAMPTZ;
CREATE INDEX training_run_active_lease ON training_run (lease_until) WHERE status IN ('queued', 'running');
