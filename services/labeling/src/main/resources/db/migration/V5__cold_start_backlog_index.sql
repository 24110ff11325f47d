-- The backlog sweep looks every 30 s for open cold-start tasks; without this it would read the whole task table.
CREATE INDEX task_cold_start_open ON task (project_id, id) WHERE reason = 'cold_start' AND status = 'open';
