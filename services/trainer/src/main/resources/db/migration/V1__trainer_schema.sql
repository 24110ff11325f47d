COMMENT ON SCHEMA trainer IS 'labelstream trainer: Dataset versions, training, evaluation, model registry and promotion.';
