-- The tenant console (issue 13).
--
-- tenant_snapshots: what the console's tenants list shows of each tenant's
-- own database (size, tables, migrations, health, users), written by the
-- snapshot refresh (lib/operations/tenant-snapshots.ts: the background job,
-- the tenant's page, `tenants health-check` and `disk-usage`), so a page view
-- reads landlord rows only and never information_schema. NULL where the
-- refresh could not read a figure (a missing database, a missing table).
CREATE TABLE `tenant_snapshots` (
  `tenant_id` CHAR(36) NOT NULL,
  `database_exists` BOOLEAN NOT NULL DEFAULT FALSE,
  `database_bytes` BIGINT UNSIGNED NULL,
  `tables` INT UNSIGNED NULL,
  `migrations_applied` INT UNSIGNED NULL,
  `migrations_pending` INT UNSIGNED NULL,
  `migrations_failed` INT UNSIGNED NULL,
  `health_ok` BOOLEAN NOT NULL DEFAULT FALSE,
  -- One problem a line, as `tenants health-check` words them.
  `problems` TEXT NULL,
  `users_count` INT UNSIGNED NULL,
  `admins_count` INT UNSIGNED NULL,
  `refreshed_at` DATETIME(3) NOT NULL,
  PRIMARY KEY (`tenant_id`),
  INDEX `tenant_snapshots_database_bytes_idx` (`database_bytes`),
  INDEX `tenant_snapshots_users_count_idx` (`users_count`),
  CONSTRAINT `tenant_snapshots_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Copied from the tenant's sign-ins (at most once a minute), so the list
-- shows it without opening thousands of tenant databases. The other indexes
-- serve the list's sorts and its prefix search over name and email.
ALTER TABLE `tenants`
  ADD COLUMN `last_sign_in_at` DATETIME(3) NULL,
  ADD INDEX `tenants_created_at_idx` (`created_at`),
  ADD INDEX `tenants_name_idx` (`name`),
  ADD INDEX `tenants_email_idx` (`email`),
  ADD INDEX `tenants_last_sign_in_at_idx` (`last_sign_in_at`);

-- A tenant's emails, newest first, on its console page.
CREATE INDEX `email_outbox_tenant_id_created_at_idx` ON `email_outbox` (`tenant_id`, `created_at`);
