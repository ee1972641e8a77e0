-- Backups, deletion in two steps, restore (issue 14).
--
-- tenant_backups: one row per backup file (a tenant's database, or the
-- landlord's own), written `running` before the first byte and settled
-- `succeeded` or `failed`; `verification` is what restoring it into a scratch
-- database found. Only a succeeded backup whose verification did not fail and
-- whose file was not pruned counts as good. `data_key` is the file's own
-- AES-256 key sealed by the keyring (lib/keyring.ts), also kept in the manifest
-- beside the file.
CREATE TABLE `tenant_backups` (
  `id` CHAR(36) NOT NULL,
  `kind` ENUM('tenant', 'landlord') NOT NULL DEFAULT 'tenant',
  `tenant_id` CHAR(36) NULL,
  `slug` VARCHAR(63) NULL,
  `database_name` VARCHAR(64) NOT NULL,
  `server` VARCHAR(255) NOT NULL,
  `file` VARCHAR(1024) NULL,
  `size_bytes` BIGINT UNSIGNED NULL,
  `checksum` CHAR(64) NULL,
  `data_key` TEXT NULL,
  `format_version` INT UNSIGNED NOT NULL,
  `reason` VARCHAR(16) NOT NULL,
  `status` ENUM('running', 'succeeded', 'failed') NOT NULL DEFAULT 'running',
  `verification` ENUM('unverified', 'passed', 'failed') NOT NULL DEFAULT 'unverified',
  `verified_at` DATETIME(3) NULL,
  `error` TEXT NULL,
  `row_count` BIGINT UNSIGNED NULL,
  `manifest` JSON NULL,
  `created_by` VARCHAR(255) NULL,
  `started_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `finished_at` DATETIME(3) NULL,
  `pruned_at` DATETIME(3) NULL,
  PRIMARY KEY (`id`),
  INDEX `tenant_backups_tenant_id_started_at_idx` (`tenant_id`, `started_at`),
  INDEX `tenant_backups_kind_started_at_idx` (`kind`, `started_at`),
  INDEX `tenant_backups_status_idx` (`status`),
  CONSTRAINT `tenant_backups_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A deletion: the verified backup taken first, the status to return to on
-- undelete, and when purge may drop the database. Purge records its progress
-- here, so a purge that stopped half way finishes on the next run.
CREATE TABLE `tenant_deletions` (
  `id` CHAR(36) NOT NULL,
  `tenant_id` CHAR(36) NULL,
  `slug` VARCHAR(63) NOT NULL,
  `previous_status` ENUM('active', 'inactive', 'suspended') NOT NULL,
  `backup_id` CHAR(36) NOT NULL,
  `deleted_by` VARCHAR(255) NULL,
  `reason` TEXT NULL,
  `deleted_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `purge_after` DATETIME(3) NOT NULL,
  `undeleted_at` DATETIME(3) NULL,
  `purge_started_at` DATETIME(3) NULL,
  `purged_at` DATETIME(3) NULL,
  `slug_released_at` DATETIME(3) NULL,
  PRIMARY KEY (`id`),
  INDEX `tenant_deletions_tenant_id_idx` (`tenant_id`),
  INDEX `tenant_deletions_purge_after_idx` (`purge_after`),
  CONSTRAINT `tenant_deletions_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Every database the portal creates, on which server (`host:port` for now; a
-- later issue with several servers turns it into a server id), in which role:
-- a tenant's `current` one, the `previous` one kept after a restore, a
-- `scratch` one (a restore in progress, a verification), the `source` kept
-- after a move. `cleanup --failed-only` removes only what this marks as left
-- behind.
CREATE TABLE `database_catalog` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `server` VARCHAR(255) NOT NULL,
  `name` VARCHAR(64) NOT NULL,
  `role` ENUM('current', 'previous', 'scratch', 'source') NOT NULL,
  `tenant_id` CHAR(36) NULL,
  `created_by` VARCHAR(255) NOT NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `database_catalog_server_name_key` (`server`, `name`),
  INDEX `database_catalog_tenant_id_role_idx` (`tenant_id`, `role`),
  CONSTRAINT `database_catalog_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Maintenance is a set of holds, each with an owner: the tenant is in
-- maintenance while any hold exists; ending one never ends another.
CREATE TABLE `tenant_maintenance_holds` (
  `id` CHAR(36) NOT NULL,
  `tenant_id` CHAR(36) NOT NULL,
  `kind` ENUM('admin', 'restore', 'move') NOT NULL,
  `owner` VARCHAR(255) NOT NULL,
  `message` VARCHAR(1000) NULL,
  `ends_at` DATETIME(3) NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  INDEX `tenant_maintenance_holds_tenant_id_kind_idx` (`tenant_id`, `kind`),
  CONSTRAINT `tenant_maintenance_holds_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
