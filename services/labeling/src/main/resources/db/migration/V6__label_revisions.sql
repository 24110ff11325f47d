-- A final label can be revised when a later fit of the labelers' quality changes it; final_label holds the latest
-- revision of each task's label, the labels topic every revision.
ALTER TABLE final_label ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1);
