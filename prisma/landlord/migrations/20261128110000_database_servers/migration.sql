-- Several database servers for tenant databases, and credentials of each
-- tenant's own (issue 16).
--
-- database_servers: where tenant databases live. The admin password is sealed
-- by the keyring; the figures are refreshed in the background. The first
-- server is registered on start from TENANT_DATABASE_URL (or the landlord's
-- server), so a single-server install changes nothing.
CREATE TABLE `database_servers` (
  `id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(64) NOT NULL,
  `host` VARCHAR(255) NOT NULL,
  `port` INT UNSIGNED NOT NULL,
  `admin_user` VARCHAR(80) NOT NULL,
  `admin_password` TEXT NULL,
  `options` VARCHAR(255) NULL,
  `state` ENUM('active', 'cordoned', 'draining') NOT NULL DEFAULT 'active',
  `capacity` INT UNSIGNED NOT NULL,
  `weight` INT UNSIGNED NOT NULL DEFAULT 100,
  `tenants_count` INT UNSIGNED NOT NULL DEFAULT 0,
  `databases_count` INT UNSIGNED NULL,
  `tables_count` INT UNSIGNED NULL,
  `data_bytes` BIGINT UNSIGNED NULL,
  `connections` INT UNSIGNED NULL,
  `max_connections` INT UNSIGNED NULL,
  `open_files` INT UNSIGNED NULL,
  `open_files_limit` INT UNSIGNED NULL,
  `open_tables` INT UNSIGNED NULL,
  `table_open_cache` INT UNSIGNED NULL,
  `open_table_definitions` INT UNSIGNED NULL,
  `table_definition_cache` INT UNSIGNED NULL,
  `figures_at` DATETIME(3) NULL,
  `last_error` TEXT NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `database_servers_name_key` (`name`),
  UNIQUE INDEX `database_servers_host_port_key` (`host`, `port`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Each tenant: the server it was placed on, and which of its two database
-- users is in use (credentials are reset by switching to the other one).
-- credential_version changes with every switch of server, database or user,
-- so every portal process opens new connections at its next request.
ALTER TABLE `tenants`
  ADD COLUMN `server_id` INT UNSIGNED NULL AFTER `database_name`,
  ADD COLUMN `credential_slot` ENUM('a', 'b') NULL AFTER `server_id`,
  ADD COLUMN `credential_version` INT UNSIGNED NOT NULL DEFAULT 0 AFTER `credential_slot`,
  ADD INDEX `tenants_server_id_idx` (`server_id`),
  ADD CONSTRAINT `tenants_server_id_fkey` FOREIGN KEY (`server_id`) REFERENCES `database_servers` (`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

-- A tenant's two database users (slots a and b), their passwords sealed by
-- the keyring. Only the tenant's credential_slot is in use; the other one is
-- locked or does not exist yet.
CREATE TABLE `tenant_credentials` (
  `tenant_id` CHAR(36) NOT NULL,
  `slot` ENUM('a', 'b') NOT NULL,
  `username` VARCHAR(32) NOT NULL,
  `password` TEXT NOT NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `rotated_at` DATETIME(3) NULL,
  PRIMARY KEY (`tenant_id`, `slot`),
  UNIQUE INDEX `tenant_credentials_username_key` (`username`),
  CONSTRAINT `tenant_credentials_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The catalog records database users too.
ALTER TABLE `database_catalog`
  ADD COLUMN `kind` ENUM('database', 'user') NOT NULL DEFAULT 'database' AFTER `server`;
