-- A deactivated account keeps its row (labels and answers stay linked to its pseudonym) but cannot log in: its
-- password hash is replaced by one of a random secret, and its sessions are revoked in the same transaction.
ALTER TABLE account ADD COLUMN deactivated_at timestamptz;
