-- Answers collected elsewhere and imported: the integrator's answer id makes a re-sent line a no-op (the row is
-- written first, in the import's transaction, and names the assignment written next). Imported
-- workers are accounts that cannot log in (username 'worker:<id>', deactivated), so their answers join the same
-- consensus, quality estimates and gold grading as everyone's.
CREATE TABLE imported_answer (
    project_id     text NOT NULL REFERENCES project (id),
    answer_id      text NOT NULL,
    assignment_id  uuid NOT NULL,
    PRIMARY KEY (project_id, answer_id)
);

-- Imported answers name their item; without this every answer would read the project's tasks to find it.
CREATE INDEX task_item ON task (project_id, item_id, id);
