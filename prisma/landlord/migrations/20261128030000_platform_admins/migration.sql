-- Platform admins get roles (owner, reviewer, viewer), can be disabled, and
-- may enrol TOTP (the secret sealed by the keyring; the last time step used,
-- so a code cannot be replayed). Every sign-in is a session row that the
-- server checks on every request; recovery codes and invitations keep only
-- hashes of what was shown or sent.
ALTER TABLE `users` MODIFY COLUMN `role` ENUM('platform_admin', 'owner', 'reviewer', 'viewer') NOT NULL DEFAULT 'viewer';
UPDATE `users` SET `role` = 'owner' WHERE `role` = 'platform_admin';
ALTER TABLE `users`
  MODIFY COLUMN `role` ENUM('owner', 'reviewer', 'viewer') NOT NULL DEFAULT 'viewer',
  ADD COLUMN `status` ENUM('active', 'disabled') NOT NULL DEFAULT 'active' AFTER `role`,
  ADD COLUMN `totp_secret` TEXT NULL AFTER `status`,
  ADD COLUMN `totp_enabled_at` DATETIME(3) NULL AFTER `totp_secret`,
  ADD COLUMN `totp_last_step` BIGINT UNSIGNED NULL AFTER `totp_enabled_at`,
  ADD COLUMN `password_changed_at` DATETIME(3) NULL AFTER `totp_last_step`,
  ADD COLUMN `disabled_at` DATETIME(3) NULL AFTER `password_changed_at`;

CREATE TABLE `platform_sessions` (
  `id` CHAR(36) NOT NULL,
  `user_id` BIGINT UNSIGNED NOT NULL,
  `ip` VARCHAR(45) NULL,
  `user_agent` VARCHAR(512) NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `last_seen_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `expires_at` DATETIME(3) NOT NULL,
  `revoked_at` DATETIME(3) NULL,
  PRIMARY KEY (`id`),
  INDEX `platform_sessions_user_id_revoked_at_idx` (`user_id`, `revoked_at`),
  CONSTRAINT `platform_sessions_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `recovery_codes` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `user_id` BIGINT UNSIGNED NOT NULL,
  `code_hash` CHAR(64) NOT NULL,
  `used_at` DATETIME(3) NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `recovery_codes_code_hash_key` (`code_hash`),
  INDEX `recovery_codes_user_id_idx` (`user_id`),
  CONSTRAINT `recovery_codes_user_id_fkey` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `admin_invitations` (
  `id` CHAR(36) NOT NULL,
  `email` VARCHAR(255) NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  `role` ENUM('owner', 'reviewer', 'viewer') NOT NULL,
  `token_hash` CHAR(64) NOT NULL,
  `invited_by` BIGINT UNSIGNED NULL,
  `expires_at` DATETIME(3) NOT NULL,
  `used_at` DATETIME(3) NULL,
  `withdrawn_at` DATETIME(3) NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `admin_invitations_token_hash_key` (`token_hash`),
  INDEX `admin_invitations_email_idx` (`email`),
  CONSTRAINT `admin_invitations_invited_by_fkey` FOREIGN KEY (`invited_by`) REFERENCES `users` (`id`) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
