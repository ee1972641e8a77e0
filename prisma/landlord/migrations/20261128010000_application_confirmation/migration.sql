-- Applicants confirm their email before review, and stale applications expire.
--   unconfirmed: new applications start here (the new default) until the
--                applicant follows the link in the confirmation email;
--   expired:     not confirmed in time, or not reviewed in time;
--   closed:      a failed provisioning given up on, with a reason.
-- Existing rows keep their status (an ENUM is converted by value name).
-- active_slug follows: expired and closed release the slug like rejected does.
-- One ALTER, so the table is never without its unique slug index; widening the
-- released statuses only turns values to NULL, so no existing row can collide.
ALTER TABLE `tenant_applications`
  DROP INDEX `tenant_applications_active_slug_key`,
  MODIFY COLUMN `status` ENUM('unconfirmed', 'pending', 'approved', 'rejected', 'provisioning_started', 'provisioning_failed', 'provisioned', 'expired', 'closed') NOT NULL DEFAULT 'unconfirmed',
  MODIFY COLUMN `active_slug` VARCHAR(63) GENERATED ALWAYS AS (IF(`status` IN ('rejected', 'expired', 'closed'), NULL, `requested_slug`)) STORED,
  ADD UNIQUE INDEX `tenant_applications_active_slug_key`(`active_slug`);

-- The confirmation links: only the sha256 of each token is kept; the token
-- itself exists only in the email. Single use (used_at), and it expires.
CREATE TABLE `application_confirmations` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    `application_id` CHAR(36) NOT NULL,
    `token_hash` CHAR(64) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `used_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE INDEX `application_confirmations_token_hash_key`(`token_hash`),
    INDEX `application_confirmations_application_id_idx`(`application_id`),
    PRIMARY KEY (`id`),
    CONSTRAINT `application_confirmations_application_id_fkey` FOREIGN KEY (`application_id`) REFERENCES `tenant_applications`(`id`) ON DELETE CASCADE ON UPDATE CASCADE
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
