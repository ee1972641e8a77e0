-- Signals and ways back in (the console issue):
--   - email_events: every Resend webhook event we act on, once per webhook
--     message (svix-id), so a replayed or repeated delivery changes nothing;
--   - email_deliveries: each sent email's delivery state (delivered < bounced
--     < complained; never moves back), keyed by the provider's email id, so an
--     event that arrives before its outbox row learned that id is not lost;
--   - owner_digests: one row per hour window in which owners were emailed;
--   - application_status_links: the applicant's status page link (hash only);
--   - password_reset_tokens: a tenant user's reset link (hash only, 1 h).
CREATE TABLE `email_events` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `message_id` VARCHAR(128) NOT NULL,
  `provider_id` VARCHAR(128) NOT NULL,
  `type` VARCHAR(64) NOT NULL,
  `state` ENUM('delivered', 'bounced', 'complained') NOT NULL,
  `detail` VARCHAR(1000) NULL,
  `occurred_at` DATETIME(3) NOT NULL,
  `received_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `email_events_message_id_key` (`message_id`),
  INDEX `email_events_provider_id_idx` (`provider_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `email_deliveries` (
  `provider_id` VARCHAR(128) NOT NULL,
  `state` ENUM('delivered', 'bounced', 'complained') NOT NULL,
  `detail` VARCHAR(1000) NULL,
  `occurred_at` DATETIME(3) NOT NULL,
  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`provider_id`),
  INDEX `email_deliveries_state_occurred_at_idx` (`state`, `occurred_at`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- A webhook event names the email by the provider's id.
CREATE INDEX `email_outbox_provider_id_idx` ON `email_outbox` (`provider_id`);

CREATE TABLE `owner_digests` (
  `id` CHAR(36) NOT NULL,
  `window_start` DATETIME(3) NOT NULL,
  `covered_until` DATETIME(3) NOT NULL,
  `items` JSON NOT NULL,
  `recipients` JSON NOT NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `owner_digests_window_start_key` (`window_start`),
  INDEX `owner_digests_covered_until_idx` (`covered_until`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `application_status_links` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `application_id` CHAR(36) NOT NULL,
  `token_hash` CHAR(64) NOT NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `application_status_links_token_hash_key` (`token_hash`),
  INDEX `application_status_links_application_id_idx` (`application_id`),
  CONSTRAINT `application_status_links_application_id_fkey` FOREIGN KEY (`application_id`) REFERENCES `tenant_applications` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `password_reset_tokens` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `tenant_id` CHAR(36) NOT NULL,
  `email` VARCHAR(255) NOT NULL,
  `token_hash` CHAR(64) NOT NULL,
  `expires_at` DATETIME(3) NOT NULL,
  `used_at` DATETIME(3) NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE INDEX `password_reset_tokens_token_hash_key` (`token_hash`),
  INDEX `password_reset_tokens_tenant_id_email_idx` (`tenant_id`, `email`),
  CONSTRAINT `password_reset_tokens_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
