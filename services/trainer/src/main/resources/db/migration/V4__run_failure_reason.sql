-- Why a failed run failed, as training.progress says it: diverged, interrupted or error; the error column says more.
ALTER TABLE training_run ADD COLUMN failure_reason TEXT;
UPDATE training_run SET failure_reason = CASE WHEN error LIKE 'interrupted:%' THEN 'interrupted' ELSE 'error' END
    WHERE status = 'failed';
