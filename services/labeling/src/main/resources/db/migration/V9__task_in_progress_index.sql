-- The straggler check runs every few seconds per project and looks only at open tasks that have some answers; without
-- this it read every open task of the project, the whole queue, each time.
CREATE INDEX task_in_progress ON task (project_id, id) WHERE status = 'open' AND answered > 0;
