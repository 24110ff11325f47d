COMMENT ON SCHEMA labeling IS 'labelstream labeling: Crowd labeling: projects, queues, consensus, gold items, label outbox.';
