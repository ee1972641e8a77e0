-- A run is handed to its driver after the approval commits. dispatched_at and
-- dispatches say whether (and how often) that hand-off happened, so the sweeper
-- can resend a run whose hand-off was lost, under a new idempotency key.
ALTER TABLE `provisioning_runs`
  ADD COLUMN `dispatched_at` DATETIME(3) NULL AFTER `heartbeat_at`,
  ADD COLUMN `dispatches` INT UNSIGNED NOT NULL DEFAULT 0 AFTER `dispatched_at`;
