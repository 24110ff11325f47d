-- The promotion check's verdict on a newly registered version (outcome, both scores on the same test split, champion,
-- margin) and its reason, as published on models with promoted or not_promoted. Null for versions registered before
-- checks were recorded.
ALTER TABLE model_version ADD COLUMN promotion_check JSONB;
ALTER TABLE model_version ADD COLUMN promotion_reason TEXT;
