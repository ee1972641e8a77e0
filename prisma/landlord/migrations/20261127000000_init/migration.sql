-- The landlord database: platform context.

CREATE TABLE `users` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(255) NOT NULL,
    `name` VARCHAR(255) NOT NULL,
    `password_hash` VARCHAR(255) NOT NULL,
    `role` ENUM('platform_admin') NOT NULL DEFAULT 'platform_admin',
    `last_login_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `users_email_key`(`email`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `tenants` (
    `id` CHAR(36) NOT NULL,
    `numeric_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(255) NOT NULL,
    `slug` VARCHAR(63) NOT NULL,
    `email` VARCHAR(255) NOT NULL,
    `database_name` VARCHAR(64) NOT NULL,
    `status` ENUM('active', 'inactive', 'suspended') NOT NULL DEFAULT 'inactive',
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    `deleted_at` DATETIME(3) NULL,
    UNIQUE INDEX `tenants_numeric_id_key`(`numeric_id`),
    UNIQUE INDEX `tenants_slug_key`(`slug`),
    UNIQUE INDEX `tenants_database_name_key`(`database_name`),
    INDEX `tenants_status_created_at_idx`(`status`, `created_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `tenant_applications` (
    `id` CHAR(36) NOT NULL,
    `reference` VARCHAR(16) NOT NULL,
    `organization_name` VARCHAR(255) NOT NULL,
    `requested_slug` VARCHAR(63) NOT NULL,
    `contact_first_name` VARCHAR(100) NOT NULL,
    `contact_last_name` VARCHAR(100) NOT NULL,
    `contact_email` VARCHAR(255) NOT NULL,
    `organization_type` VARCHAR(32) NOT NULL,
    `country` CHAR(2) NOT NULL,
    `expected_voters` INT UNSIGNED NOT NULL,
    `note` TEXT NULL,
    `status` ENUM('pending', 'approved', 'rejected', 'provisioning_started', 'provisioning_failed', 'provisioned') NOT NULL DEFAULT 'pending',
    -- Holds the slug in every status but rejected; the unique index below is
    -- the database's own refusal of a second application for one slug.
    `active_slug` VARCHAR(63) GENERATED ALWAYS AS (IF(`status` = 'rejected', NULL, `requested_slug`)) STORED,
    `reviewer_id` BIGINT UNSIGNED NULL,
    `review_notes` TEXT NULL,
    `reviewed_at` DATETIME(3) NULL,
    `tenant_id` CHAR(36) NULL,
    `provisioning_started_at` DATETIME(3) NULL,
    `provisioning_completed_at` DATETIME(3) NULL,
    `failure_reason` TEXT NULL,
    `submitted_ip` VARCHAR(45) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `tenant_applications_reference_key`(`reference`),
    UNIQUE INDEX `tenant_applications_active_slug_key`(`active_slug`),
    INDEX `tenant_applications_status_created_at_idx`(`status`, `created_at`),
    INDEX `tenant_applications_created_at_idx`(`created_at`),
    INDEX `tenant_applications_contact_email_idx`(`contact_email`),
    INDEX `tenant_applications_requested_slug_idx`(`requested_slug`),
    INDEX `tenant_applications_organization_name_idx`(`organization_name`),
    INDEX `tenant_applications_reviewer_id_fkey`(`reviewer_id`),
    INDEX `tenant_applications_tenant_id_fkey`(`tenant_id`),
    PRIMARY KEY (`id`),
    CONSTRAINT `tenant_applications_reviewer_id_fkey` FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT `tenant_applications_tenant_id_fkey` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `provisioning_runs` (
    `id` CHAR(36) NOT NULL,
    `application_id` CHAR(36) NOT NULL,
    `driver` VARCHAR(16) NOT NULL,
    `status` ENUM('queued', 'running', 'succeeded', 'failed') NOT NULL DEFAULT 'queued',
    `attempt` INT UNSIGNED NOT NULL DEFAULT 1,
    `error` TEXT NULL,
    `heartbeat_at` DATETIME(3) NULL,
    `started_at` DATETIME(3) NULL,
    `finished_at` DATETIME(3) NULL,
    `duration_ms` INT UNSIGNED NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    UNIQUE INDEX `provisioning_runs_application_id_attempt_key`(`application_id`, `attempt`),
    INDEX `provisioning_runs_status_heartbeat_at_idx`(`status`, `heartbeat_at`),
    PRIMARY KEY (`id`),
    CONSTRAINT `provisioning_runs_application_id_fkey` FOREIGN KEY (`application_id`) REFERENCES `tenant_applications`(`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `provisioning_steps` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `run_id` CHAR(36) NOT NULL,
    `name` VARCHAR(64) NOT NULL,
    `position` TINYINT UNSIGNED NOT NULL,
    `status` ENUM('pending', 'running', 'succeeded', 'failed') NOT NULL DEFAULT 'pending',
    `attempts` INT UNSIGNED NOT NULL DEFAULT 0,
    `last_error` TEXT NULL,
    `errors` JSON NULL,
    `started_at` DATETIME(3) NULL,
    `finished_at` DATETIME(3) NULL,
    `duration_ms` INT UNSIGNED NULL,
    UNIQUE INDEX `provisioning_steps_run_id_name_key`(`run_id`, `name`),
    PRIMARY KEY (`id`),
    CONSTRAINT `provisioning_steps_run_id_fkey` FOREIGN KEY (`run_id`) REFERENCES `provisioning_runs`(`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `audit_logs` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `actor_type` VARCHAR(32) NOT NULL,
    `actor_id` VARCHAR(64) NULL,
    `actor_label` VARCHAR(255) NULL,
    `action` VARCHAR(64) NOT NULL,
    `application_id` CHAR(36) NULL,
    `tenant_id` CHAR(36) NULL,
    `ip` VARCHAR(45) NULL,
    `user_agent` VARCHAR(512) NULL,
    `context` JSON NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    INDEX `audit_logs_application_id_created_at_idx`(`application_id`, `created_at`),
    INDEX `audit_logs_tenant_id_created_at_idx`(`tenant_id`, `created_at`),
    INDEX `audit_logs_action_created_at_idx`(`action`, `created_at`),
    INDEX `audit_logs_created_at_idx`(`created_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `password_setup_tokens` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `tenant_id` CHAR(36) NOT NULL,
    `email` VARCHAR(255) NOT NULL,
    `token_hash` CHAR(64) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `used_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `password_setup_tokens_token_hash_key`(`token_hash`),
    INDEX `password_setup_tokens_tenant_id_idx`(`tenant_id`),
    INDEX `password_setup_tokens_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `email_outbox` (
    `id` CHAR(36) NOT NULL,
    `idempotency_key` VARCHAR(191) NOT NULL,
    `template` VARCHAR(64) NOT NULL,
    `to_address` VARCHAR(255) NOT NULL,
    `from_address` VARCHAR(255) NOT NULL,
    `subject` VARCHAR(255) NOT NULL,
    `html` MEDIUMTEXT NOT NULL,
    `text` MEDIUMTEXT NOT NULL,
    `status` ENUM('stored', 'sending', 'sent', 'failed') NOT NULL DEFAULT 'stored',
    `provider_id` VARCHAR(128) NULL,
    `error` TEXT NULL,
    `application_id` CHAR(36) NULL,
    `tenant_id` CHAR(36) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `sent_at` DATETIME(3) NULL,
    UNIQUE INDEX `email_outbox_idempotency_key_key`(`idempotency_key`),
    INDEX `email_outbox_created_at_idx`(`created_at`),
    INDEX `email_outbox_application_id_idx`(`application_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `rate_limit_buckets` (
    `key` VARCHAR(191) NOT NULL,
    `hits` INT UNSIGNED NOT NULL,
    `reset_at` DATETIME(3) NOT NULL,
    INDEX `rate_limit_buckets_reset_at_idx`(`reset_at`),
    PRIMARY KEY (`key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
