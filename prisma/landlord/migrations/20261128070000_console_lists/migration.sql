-- The console at a million rows (issue 13): maintained application counts,
-- and the indexes the audit log's filters and the overview's charts walk.
--
-- application_status_counts: one row per status, kept exact by the triggers
-- below in the same transaction as the write, whatever makes it (the state
-- machine, a test's or a benchmark's bulk INSERT, an operator's manual UPDATE).
-- The list's tabs read nine rows instead of grouping a million. The update
-- trigger touches both rows in one statement, so InnoDB locks them in primary
-- key order: two opposite transitions (provisioning_started <-> failed) cannot
-- deadlock on them. Signed, so a count can never make a write fail.
CREATE TABLE `application_status_counts` (
  `status` ENUM('unconfirmed', 'pending', 'approved', 'rejected', 'provisioning_started', 'provisioning_failed', 'provisioned', 'expired', 'closed') NOT NULL,
  `count` BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (`status`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

INSERT INTO `application_status_counts` (`status`, `count`) VALUES
  ('unconfirmed', 0), ('pending', 0), ('approved', 0), ('rejected', 0), ('provisioning_started', 0),
  ('provisioning_failed', 0), ('provisioned', 0), ('expired', 0), ('closed', 0);

CREATE TRIGGER `tenant_applications_count_insert` AFTER INSERT ON `tenant_applications` FOR EACH ROW
  UPDATE `application_status_counts` SET `count` = `count` + 1 WHERE `status` = NEW.`status`;

CREATE TRIGGER `tenant_applications_count_update` AFTER UPDATE ON `tenant_applications` FOR EACH ROW
  UPDATE `application_status_counts`
     SET `count` = `count` + IF(`status` = NEW.`status`, 1, -1)
   WHERE NEW.`status` <> OLD.`status` AND `status` IN (OLD.`status`, NEW.`status`);

CREATE TRIGGER `tenant_applications_count_delete` AFTER DELETE ON `tenant_applications` FOR EACH ROW
  UPDATE `application_status_counts` SET `count` = `count` - 1 WHERE `status` = OLD.`status`;

-- The rows already there (migrations run before the portal serves).
UPDATE `application_status_counts` c
   SET c.`count` = (SELECT COUNT(*) FROM `tenant_applications` a WHERE a.`status` = c.`status`);

-- The audit log's actor filter (a label or an id), newest first, by keyset.
CREATE INDEX `audit_logs_actor_label_created_at_idx` ON `audit_logs` (`actor_label`, `created_at`);
CREATE INDEX `audit_logs_actor_id_created_at_idx` ON `audit_logs` (`actor_id`, `created_at`);

-- The overview: finished runs of the last 30 days with their durations, from the index alone.
CREATE INDEX `provisioning_runs_status_finished_at_duration_ms_idx` ON `provisioning_runs` (`status`, `finished_at`, `duration_ms`);
