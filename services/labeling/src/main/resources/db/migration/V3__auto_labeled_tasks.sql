-- A task queued before its project had a model, which the champion then labeled confidently: closed without humans,
-- its auto-label published through the outbox.
ALTER TABLE task DROP CONSTRAINT task_status_check;
ALTER TABLE task ADD CONSTRAINT task_status_check
    CHECK (status IN ('open', 'final', 'unresolved', 'flagged', 'auto_labeled'));
